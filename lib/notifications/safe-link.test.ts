import { describe, expect, it } from "vitest";
import { safeLink } from "./safe-link";

describe("safeLink", () => {
  const hosts = ["wiki.groupware.example"];

  it.each([
    ["/approval/inbox", "/approval/inbox"],
    ["/board/posts/42?tab=comments#c1", "/board/posts/42?tab=comments#c1"],
    ["https://wiki.groupware.example/page", "https://wiki.groupware.example/page"],
    ["HTTPS://WIKI.groupware.example/a", "https://wiki.groupware.example/a"],
  ])("keeps %s", (link, kept) => {
    expect(safeLink(link, hosts)).toBe(kept);
  });

  it.each([
    "javascript:alert(1)",
    " javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/phish",
    "/\\evil.example",
    "https://evil.example/",
    "https://wiki.groupware.example@evil.example/",
    "https://user:pass@wiki.groupware.example/",
    "ftp://wiki.groupware.example/file",
    "approval/inbox",
    "",
  ])("drops %j", (link) => {
    expect(safeLink(link, hosts)).toBeNull();
  });

  it.each([
    ["/approval/documents/DOC-1", "/approval/documents/DOC-1"],
    ["https://intranet.example/board/7", "https://intranet.example/board/7"],
    ["javascript:alert(1)", null],
    ["data:text/html,<b>x</b>", null],
    ["//evil.example/phish", null],
    ["approval/inbox", null],
    [null, null],
  ])("in the browser, with any host: %s → %s", (link, expected) => {
    expect(safeLink(link, "any host")).toBe(expected);
  });
});
