import { describe, expect, it } from "vitest";
import { isQuietAt } from "./quiet-hours";

// Times are Asia/Seoul (UTC+9): 2026-12-04 is a Friday (5), 2026-12-05 a Saturday (6).
const seoul = (local: string) => new Date(`${local}+09:00`);

describe("isQuietAt", () => {
  const evenings = { days: [1, 2, 3, 4, 5], start: "22:00", end: "07:00" };
  const lunch = { days: [5], start: "12:00", end: "13:00" };

  it.each([
    { name: "Friday 21:59, before the range", hours: evenings, at: "2026-12-04T21:59:00", quiet: false },
    { name: "Friday 22:00, its start", hours: evenings, at: "2026-12-04T22:00:00", quiet: true },
    { name: "Saturday 06:59, the morning of Friday's range", hours: evenings, at: "2026-12-05T06:59:00", quiet: true },
    { name: "Saturday 07:00, its end", hours: evenings, at: "2026-12-05T07:00:00", quiet: false },
    { name: "Saturday 23:00, a day without a range", hours: evenings, at: "2026-12-05T23:00:00", quiet: false },
    { name: "Monday 03:00, Sunday had no range", hours: evenings, at: "2026-12-07T03:00:00", quiet: false },
    { name: "Friday 12:30, inside a daytime range", hours: lunch, at: "2026-12-04T12:30:00", quiet: true },
    { name: "Friday 13:00, its end", hours: lunch, at: "2026-12-04T13:00:00", quiet: false },
    { name: "Thursday 12:30, another day", hours: lunch, at: "2026-12-03T12:30:00", quiet: false },
  ])("$name: quiet $quiet", ({ hours, at, quiet }) => {
    expect(isQuietAt(hours, seoul(at))).toBe(quiet);
  });

  it("is never quiet without quiet hours", () => {
    expect(isQuietAt(null, seoul("2026-12-04T23:00:00"))).toBe(false);
  });
});
