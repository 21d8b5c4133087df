import { describe, expect, it } from "vitest";
import { preferredLocale, resolveLocale } from "./resolve-locale";

describe("resolveLocale", () => {
  it("keeps the person's own choice whatever the browser asks for", () => {
    expect(resolveLocale("en", "ko-KR,ko;q=0.9")).toBe("en");
    expect(resolveLocale("ko", "en-US,en;q=0.9")).toBe("ko");
  });

  it.each([
    { header: "ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7", expected: "ko" },
    { header: "en-US,en;q=0.9,ko;q=0.8", expected: "en" },
    { header: "en-GB", expected: "en" },
    { header: "ja-JP,ja;q=0.9,en;q=0.5,ko;q=0.4", expected: "en" },
    { header: "ko;q=0.5,en;q=0.8", expected: "en" },
    { header: "EN-us", expected: "en" },
    { header: "en;q=0,ko;q=0.1", expected: "ko" },
    { header: "fr-FR,de;q=0.9", expected: "ko" },
    { header: "*", expected: "ko" },
    { header: "", expected: "ko" },
    { header: null, expected: "ko" },
  ])("follows Accept-Language $header when nothing was chosen", ({ header, expected }) => {
    expect(resolveLocale(null, header)).toBe(expected);
  });

  it("says when the browser names neither language", () => {
    expect(preferredLocale("fr-FR,de;q=0.9")).toBeNull();
    expect(preferredLocale("en;q=abc")).toBeNull();
  });
});
