import { db } from "../db/prisma";
import type { Locale } from "../i18n/locale";

// PUT /api/me/locale: remembers the person's language. Notification texts are rendered at read
// time in it (render-notification.ts), so every list and stream opened afterwards follows it.
export async function setUserLocale({ userId, locale }: { userId: string; locale: Locale }): Promise<void> {
  await db().user.update({ where: { id: userId }, data: { locale }, select: { id: true } });
}
