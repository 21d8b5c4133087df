# The image behind the web, worker and migrate services of docker-compose.yml.
FROM node:24-bookworm-slim
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
# kafkajs arms a timer with a negative delay (harmless); Node 24 would warn about it.
ENV NODE_OPTIONS=--disable-warning=TimeoutNegativeWarning
EXPOSE 3000
CMD ["npm", "run", "start:web"]
