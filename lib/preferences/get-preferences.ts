import { db } from "../db/prisma";
import { DEFAULT_PREFERENCES, type Preferences, preferencesSchema } from "./preferences-schema";

// GET /api/me/preferences: the person's preferences, or the defaults when they never changed any.
export async function getPreferences({ userId }: { userId: string }): Promise<Preferences> {
  const [row] = await db().$queryRaw<{ muted: unknown; toasts: boolean; quiet_hours: unknown }[]>`
    SELECT muted, toasts, quiet_hours FROM notification_preferences WHERE user_id = ${userId}`;
  if (!row) return DEFAULT_PREFERENCES;
  // Stored only after this schema passed; read back through it all the same, so a stale row cannot leak a bad shape.
  const parsed = preferencesSchema.safeParse({ muted: row.muted, toasts: row.toasts, quietHours: row.quiet_hours });
  return parsed.success ? parsed.data : DEFAULT_PREFERENCES;
}
