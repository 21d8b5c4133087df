import { describe, expect, it } from "vitest";
import { safeHref } from "./safe-href";

describe("safeHref", () => {
  it.each([
    ["/approval/documents/DOC-1", "/approval/documents/DOC-1"],
    ["https://intranet.example/board/7", "https://intranet.example/board/7"],
    ["javascript:alert(1)", null],
    ["data:text/html,<b>x</b>", null],
    [null, null],
    ["", null],
  ])("%s → %s", (link, expected) => {
    expect(safeHref(link)).toBe(expected);
  });
});
