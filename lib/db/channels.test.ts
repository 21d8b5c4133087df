import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CHANNELS } from "./channels";

const MIGRATIONS = path.resolve(import.meta.dirname, "../../prisma/migrations");

describe("NOTIFY channels", () => {
  it("are the ones the migrations' SQL notifies on", async () => {
    const named = new Set<string>();
    for (const entry of await readdir(MIGRATIONS, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const sql = await readFile(path.join(MIGRATIONS, entry.name, "migration.sql"), "utf8");
      for (const [, channel] of sql.matchAll(/pg_notify\(\s*'([^']+)'/g)) named.add(channel as string);
    }
    expect(named.size).toBeGreaterThan(0);
    for (const channel of named) expect(Object.values(CHANNELS)).toContain(channel);
  });
});
