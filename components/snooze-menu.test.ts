import { describe, expect, it } from "vitest";
import { tomorrowMorning } from "./snooze-menu";

describe("tomorrowMorning", () => {
  it("is 09:00 of the next day in Seoul, whatever the hour there now", () => {
    // 23:30 in Seoul on 12-02 (14:30 UTC): 09:00 on 12-03 in Seoul.
    expect(tomorrowMorning(new Date("2026-12-02T14:30:00Z")).toISOString()).toBe("2026-12-03T00:00:00.000Z");
    // 00:30 in Seoul on 12-03 (15:30 UTC on 12-02): 09:00 on 12-04, not a few hours away.
    expect(tomorrowMorning(new Date("2026-12-02T15:30:00Z")).toISOString()).toBe("2026-12-04T00:00:00.000Z");
    // Across a month's end.
    expect(tomorrowMorning(new Date("2026-12-31T02:00:00Z")).toISOString()).toBe("2027-01-01T00:00:00.000Z");
  });
});
