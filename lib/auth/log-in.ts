import { db } from "../db/prisma";
import { PUBLIC_DEMO_PASSWORD, publishedDemoPasswordProblem } from "../env";
import { verifyPassword } from "./password";
import { createSession } from "./session";

// A hash of a random password, verified when the email is unknown, so a wrong email and a wrong
// password take the same time and an attacker cannot tell which accounts exist. A deactivated
// person's password is checked all the same, so their refusal takes that time too.
const DUMMY_HASH = "scrypt$32768$8$1$yS0dq0p2zOjE3cVZ1cRkLw$9m7n3xYx3c5JvC0V8b3y0w2m6qk0pX5bq8n8n2h9c4E";

export async function logIn({ email, password }: { email: string; password: string }): Promise<{ token: string; expiresAt: Date } | null> {
  const user = await db().user.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { id: true, passwordHash: true, active: true },
  });
  const valid = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  // Checked after the hash, so a refused person or demo password takes the time a wrong one does.
  if (!user || !valid || !user.active || (password === PUBLIC_DEMO_PASSWORD && publishedDemoPasswordProblem())) return null;
  return createSession(user.id);
}
