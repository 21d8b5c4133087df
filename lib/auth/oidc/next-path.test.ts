import { describe, expect, it } from "vitest";
import { nextPath } from "./next-path";

describe("nextPath", () => {
  it.each([
    ["/notifications", "/notifications"],
    ["/notifications?filter=unread#top", "/notifications?filter=unread#top"],
    ["/admin/events/42", "/admin/events/42"],
    ["/a/../notifications", "/notifications"],
  ])("keeps a path of this site: %s", (given, kept) => {
    expect(nextPath(given)).toBe(kept);
  });

  it.each([
    [null],
    [""],
    ["notifications"],
    ["https://evil.example/"],
    ["//evil.example/x"],
    ["/\\evil.example"],
    ["/\tevil"],
    ["/\n/evil.example"],
    ["javascript:alert(1)"],
    ["/login"],
    ["/login?next=/x"],
    ["/api/auth/logout"],
    [`/${"x".repeat(2_001)}`],
  ])("falls back to the home page for %j", (given) => {
    expect(nextPath(given)).toBe("/");
  });
});
