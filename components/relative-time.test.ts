import { describe, expect, it } from "vitest";
import { formatRelativeTime } from "./relative-time";

const now = Date.parse("2026-11-24T12:00:00Z");
const ago = (seconds: number) => new Date(now - seconds * 1000);

describe("formatRelativeTime", () => {
  it.each([
    { seconds: 0, ko: "방금 전", en: "just now" },
    { seconds: -5, ko: "방금 전", en: "just now" },
    { seconds: 44, ko: "방금 전", en: "just now" },
    { seconds: 3 * 60, ko: "3분 전", en: /^3 min\.? ago$/ },
    { seconds: 2 * 3600, ko: "2시간 전", en: /^2 hr\.? ago$/ },
    { seconds: 26 * 3600, ko: "어제", en: "yesterday" },
    { seconds: 3 * 86400, ko: "3일 전", en: "3 days ago" },
  ])("$seconds s ago", ({ seconds, ko, en }) => {
    expect(formatRelativeTime(ago(seconds), now, "ko")).toBe(ko);
    expect(formatRelativeTime(ago(seconds), now, "en")).toMatch(en);
  });

  it("shows the date after a week", () => {
    expect(formatRelativeTime(ago(10 * 86400), now, "ko")).toMatch(/11월 14일/);
    expect(formatRelativeTime(new Date("2025-03-02T12:00:00Z"), now, "en")).toMatch(/2025/);
  });
});
