import { defineConfig } from "prisma/config";

// The CLI's view of the project. DATABASE_URL may be absent (npm start provisions the database
// and sets it for its children); `prisma generate` does not need it.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: {
    path: "prisma/migrations",
    seed: "tsx prisma/seed.ts",
  },
  datasource: {
    url: process.env.DATABASE_URL ?? "",
  },
});
