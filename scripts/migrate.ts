// npm run db:migrate — apply pending migrations to DATABASE_URL (see lib/db/migrate.ts).

import { applyMigrations } from "../lib/db/migrate";
import { requireSetting } from "../lib/env";
import { logger } from "../lib/log";

const result = await applyMigrations(requireSetting("DATABASE_URL"));
logger("migrate").info(result, result.applied.length ? "migrations applied" : "database up to date");
