-- A person's language is their own choice: null until they make one, and until then the browser's
-- Accept-Language decides (lib/i18n/resolve-locale.ts). Nobody could choose before this migration,
-- so every stored value is the old column default and is cleared.

-- AlterTable
ALTER TABLE "users" ALTER COLUMN "locale" DROP NOT NULL,
ALTER COLUMN "locale" DROP DEFAULT;

-- Clear the defaults
UPDATE "users" SET "locale" = NULL;
