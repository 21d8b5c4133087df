-- A person's notification preferences (PRODUCT.md §13): what they muted, whether toasts show, and
-- their quiet hours (Asia/Seoul). One small row per person who changed anything; everyone else
-- has the defaults. Muted notifications are still stored by the worker: preferences apply when
-- notifications are read and shown, never on the write path.
CREATE TABLE "notification_preferences" (
    "user_id" TEXT PRIMARY KEY REFERENCES "users" ("id") ON DELETE CASCADE,
    "muted" JSONB NOT NULL DEFAULT '[]',
    "toasts" BOOLEAN NOT NULL DEFAULT true,
    "quiet_hours" JSONB,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
