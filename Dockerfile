# The image behind the web, worker and migrate services of docker-compose.yml.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1

# Dependencies first, so source edits reuse this layer. postinstall generates the Prisma client.
COPY package.json package-lock.json prisma.config.ts ./
COPY scripts/prisma-generate.mjs scripts/
COPY prisma prisma
RUN npm ci --no-audit --no-fund

COPY . .
RUN npx next build

ENV NODE_ENV=production
EXPOSE 3000
CMD ["npm", "run", "start:web"]
