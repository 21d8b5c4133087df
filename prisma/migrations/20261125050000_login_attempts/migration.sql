-- Failed sign-ins counted per account and per client address, shared by every web process, so
-- guessing passwords is refused (429) after a few tries until the window has passed.
CREATE TABLE "login_attempts" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL,
    "first_failed_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "login_attempts_pkey" PRIMARY KEY ("key")
);
