import { describe, expect, it } from "vitest";
import { groupByDay } from "./day-groups";

const SEOUL = "Asia/Seoul";
// 2026-11-25 10:00 in Seoul.
const now = new Date("2026-11-25T01:00:00Z");
const at = (iso: string) => ({ createdAt: iso });

describe("groupByDay", () => {
  it("names today and yesterday, then dates, by the reader's time zone", () => {
    const items = [
      at("2026-11-25T00:30:00Z"), // 09:30 today
      at("2026-11-24T15:10:00Z"), // 00:10 today in Seoul, still the 24th in UTC
      at("2026-11-24T14:50:00Z"), // 23:50 yesterday
      at("2026-11-22T03:00:00Z"),
      at("2025-12-31T03:00:00Z"),
    ];
    const ko = groupByDay(items, now, "ko", SEOUL);
    expect(ko.map((g) => [g.key, g.label, g.items.length])).toEqual([
      ["2026-11-25", "오늘", 2],
      ["2026-11-24", "어제", 1],
      ["2026-11-22", "11월 22일 일요일", 1],
      ["2025-12-31", "2025년 12월 31일 수요일", 1],
    ]);
    const en = groupByDay(items, now, "en", SEOUL);
    expect(en.map((g) => g.label)).toEqual(["Today", "Yesterday", "Sunday, November 22", "Wednesday, December 31, 2025"]);
  });

  it("has no group without items", () => {
    expect(groupByDay([], now, "ko", SEOUL)).toEqual([]);
  });
});
