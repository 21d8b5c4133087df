-- Secrets the web processes share, made by the first process that needs one (random bytes from
-- Node's crypto) and read by the others: the key that signs the history's paging cursors.
CREATE TABLE "app_secrets" (
    "name" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "app_secrets_pkey" PRIMARY KEY ("name")
);
