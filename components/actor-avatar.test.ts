import { describe, expect, it } from "vitest";
import { initialsOf } from "./actor-avatar";

describe("initialsOf", () => {
  it.each([
    ["이서준", "서준"],
    ["남궁민수", "민수"],
    ["이준", "이준"],
    ["Jane Doe", "JD"],
    ["jane van der Berg", "JB"],
    ["admin", "A"],
    ["  ", "?"],
  ])("%s → %s", (name, expected) => {
    expect(initialsOf(name)).toBe(expected);
  });
});
