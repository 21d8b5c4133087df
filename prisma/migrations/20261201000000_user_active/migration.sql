-- People the company's directory has deactivated keep their row (their history stays for admins)
-- but cannot sign in, with a password or through the company's identity provider.

-- AlterTable
ALTER TABLE "users" ADD COLUMN "active" BOOLEAN NOT NULL DEFAULT true;

-- A session opened through the company's identity provider keeps the ID token it issued, so
-- signing out can end the session there too (id_token_hint); null for password sessions.

-- AlterTable
ALTER TABLE "sessions" ADD COLUMN "oidc_id_token" TEXT;
