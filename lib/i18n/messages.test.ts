import { describe, expect, it } from "vitest";
import { departmentName, MESSAGE_KEYS, t } from "./messages";

describe("t", () => {
  it("fills placeholders in either language", () => {
    expect(t("ko", "bell.labelUnread", { count: 3 })).toBe("알림, 읽지 않음 3개");
    expect(t("en", "bell.labelUnread", { count: 3 })).toBe("Notifications, 3 unread");
  });

  it("leaves a placeholder it has no value for", () => {
    expect(t("en", "home.greeting")).toBe("Welcome back, {name}");
  });

  it("uses the same placeholders in Korean and English", () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of MESSAGE_KEYS) expect(placeholders(t("en", key)), key).toEqual(placeholders(t("ko", key)));
    expect(MESSAGE_KEYS.length).toBeGreaterThan(50);
  });
});

describe("departmentName", () => {
  it("names a directory department and passes an unknown id through", () => {
    expect(departmentName("ko", "D02")).toBe("개발");
    expect(departmentName("en", "D02")).toBe("Development");
    expect(departmentName("ko", "D99")).toBe("D99");
  });
});
