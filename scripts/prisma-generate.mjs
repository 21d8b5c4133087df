// postinstall: generate the Prisma client into lib/generated/prisma.
// `prisma generate` only needs the bundled wasm, but the CLI insists on a schema-engine binary and
// tries to download one when none is configured; where that host is unreachable (offline machines,
// closed CI) pointing the variable at any existing file lets generation go ahead.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const env = { ...process.env };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY || !existsSync(env.PRISMA_SCHEMA_ENGINE_BINARY)) {
  env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
}
env.PRISMA_HIDE_UPDATE_MESSAGE = "1";
const result = spawnSync("npx", ["--no-install", "prisma", "generate"], { stdio: "inherit", env });
process.exit(result.status ?? 1);
