import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ENV_VARIABLES } from "./env";

describe(".env.example", () => {
  it("lists every variable the app reads", () => {
    const text = readFileSync(new URL("../.env.example", import.meta.url), "utf8");
    const listed = [...text.matchAll(/^# ([A-Z_]+)=/gm)].map((match) => match[1]);
    for (const name of ENV_VARIABLES) expect(listed, name).toContain(name);
  });
});
