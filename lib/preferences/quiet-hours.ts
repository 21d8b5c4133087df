import type { QuietHours } from "./preferences-schema";

// Quiet hours are the company's clock (Asia/Seoul, no daylight saving): 22:00–07:00 on Friday
// covers Friday 22:00 to Saturday 07:00. A range that wraps past midnight belongs to the day it
// starts on.

const SEOUL_OFFSET_MINUTES = 9 * 60;

/** Whether `at` falls in the quiet hours (false without any). */
export function isQuietAt(quietHours: QuietHours | null, at: Date): boolean {
  if (!quietHours) return false;
  const seoul = new Date(at.getTime() + SEOUL_OFFSET_MINUTES * 60_000);
  const minute = seoul.getUTCHours() * 60 + seoul.getUTCMinutes();
  const today = isoWeekday(seoul.getUTCDay());
  const yesterday = today === 1 ? 7 : today - 1;
  const start = minutesOf(quietHours.start);
  const end = minutesOf(quietHours.end);
  if (start < end) return quietHours.days.includes(today) && minute >= start && minute < end;
  // Overnight: the evening part today, or the morning part of a range that started yesterday.
  return (quietHours.days.includes(today) && minute >= start) || (quietHours.days.includes(yesterday) && minute < end);
}

function minutesOf(clock: string): number {
  const [hours = "0", minutes = "0"] = clock.split(":");
  return Number(hours) * 60 + Number(minutes);
}

/** JavaScript's Sunday = 0 as ISO's 7. */
function isoWeekday(day: number): number {
  return day === 0 ? 7 : day;
}
