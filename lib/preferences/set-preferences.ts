import { CHANNELS } from "../db/channels";
import { db } from "../db/prisma";
import type { Preferences } from "./preferences-schema";

// PUT /api/me/preferences: replaces the person's preferences and, in the same statement, tells
// every web process, so each of the person's tabs and devices applies them at once (event: preferences).
export async function setPreferences({ userId, preferences }: { userId: string; preferences: Preferences }): Promise<Preferences> {
  const muted = JSON.stringify(preferences.muted);
  const quietHours = preferences.quietHours === null ? null : JSON.stringify(preferences.quietHours);
  await db().$executeRaw`
    WITH saved AS (
      INSERT INTO notification_preferences (user_id, muted, toasts, quiet_hours, updated_at)
      VALUES (${userId}, ${muted}::jsonb, ${preferences.toasts}, ${quietHours}::jsonb, now())
      ON CONFLICT (user_id) DO UPDATE
        SET muted = excluded.muted, toasts = excluded.toasts, quiet_hours = excluded.quiet_hours, updated_at = excluded.updated_at
      RETURNING user_id
    )
    SELECT pg_notify(${CHANNELS.preferences}, json_build_object('userId', user_id, 'preferences', ${JSON.stringify(preferences)}::json)::text)
    FROM saved`;
  return preferences;
}
