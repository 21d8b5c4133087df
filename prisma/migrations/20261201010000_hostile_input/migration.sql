-- Sign-in limits (docs/security.md): failures are counted per account and address, per address, and per
-- account; an account past its threshold is tried at most once per growing delay, kept here.
-- Rows whose window has passed are removed (lib/auth/login-throttle.ts), found by this index.
ALTER TABLE "login_attempts" ADD COLUMN "next_allowed_at" TIMESTAMPTZ(3);
CREATE INDEX "login_attempts_first_failed_at_idx" ON "login_attempts"("first_failed_at");

-- Every replay of a dead letter is kept: who sent it back, when, and the bytes sent (a corrected
-- payload may differ from the stored one).
CREATE TABLE "dead_letter_replays" (
    "id" BIGSERIAL NOT NULL,
    "dead_letter_id" BIGINT NOT NULL,
    "replayed_by" TEXT NOT NULL,
    "replayed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "corrected" BOOLEAN NOT NULL,
    -- NULL for replays made before this table: their bytes were not kept.
    "payload" BYTEA,

    CONSTRAINT "dead_letter_replays_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "dead_letter_replays_dead_letter_id_replayed_at_idx" ON "dead_letter_replays"("dead_letter_id", "replayed_at" DESC);
ALTER TABLE "dead_letter_replays" ADD CONSTRAINT "dead_letter_replays_dead_letter_id_fkey" FOREIGN KEY ("dead_letter_id") REFERENCES "dead_letters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The replays recorded so far (the last of each letter) move into the new table.
INSERT INTO "dead_letter_replays" ("dead_letter_id", "replayed_by", "replayed_at", "corrected", "payload")
SELECT "id", coalesce("replayed_by", 'unknown'), "replayed_at", false, NULL FROM "dead_letters" WHERE "replayed_at" IS NOT NULL;
ALTER TABLE "dead_letters" DROP COLUMN "replayed_at", DROP COLUMN "replayed_by";
