import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "../lib/db/prisma";
import { env, kafkaBrokers } from "../lib/env";
import { TOPICS } from "../lib/events/catalog";
import { applyDirectoryNow } from "../workers/apply-directory-now";

// npm run directory:import as a person runs it, against the broker and database of the test run.
const DIR = path.resolve(import.meta.dirname, "../.data/test/directory-import");
afterAll(disconnectDb);

describe("npm run directory:import", () => {
  it("publishes nothing when a row is bad, naming file, line and field; with --skip-invalid the valid rows reach the directory", async () => {
    const run = randomUUID().slice(0, 6).toUpperCase();
    const department = `DI${run}`;
    const people = path.join(DIR, `people-${run}.csv`);
    const departments = path.join(DIR, `departments-${run}.csv`);
    await mkdir(DIR, { recursive: true });
    await writeFile(
      people,
      [
        "id,email,name,departmentId,role,locale,active",
        `I${run}1,i${run}1@corp.test,가나다,${department},,ko,`,
        `I${run}2,not-an-email,라마바,${department},,,`,
        `I${run}3,i${run}3@corp.test,사아자,${department},ADMIN,en,true`,
      ].join("\n"),
    );
    await writeFile(departments, `id,name,parentId\n${department},가져온 부서,\n`);
    const before = await endOffsets();

    const refused = importFiles(people, "--departments", departments);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`people-${run}.csv line 3: email: `);
    expect(refused.stderr).toMatch(/nothing was published/);
    expect(await endOffsets()).toEqual(before);

    const skipped = importFiles(people, departments, "--skip-invalid");
    expect(skipped.status, skipped.stderr).toBe(0);
    expect(skipped.stderr).toMatch(/published 3 of 3 changes/);
    expect(skipped.stdout).toMatch(/1 departments and 2 people published in .* s .*1 problem\(s\) skipped/);
    await applyDirectoryNow({ env: env(), brokers: kafkaBrokers(), prisma: db() });
    const found = await db().user.findMany({
      where: { id: { startsWith: `I${run}` } },
      orderBy: { id: "asc" },
      select: { id: true, role: true, locale: true, department: { select: { name: true } } },
    });
    expect(found).toEqual([
      { id: `I${run}1`, role: "USER", locale: "ko", department: { name: "가져온 부서" } },
      { id: `I${run}3`, role: "ADMIN", locale: "en", department: { name: "가져온 부서" } },
    ]);
  }, 120_000);
});

function importFiles(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/directory-import.ts", ...args], {
    env: { ...process.env, LOG_LEVEL: "warn" },
    encoding: "utf8",
  });
}

async function endOffsets(): Promise<string[]> {
  const admin = new Kafka({ clientId: "import-test", brokers: kafkaBrokers(), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(TOPICS.directory)).map((p) => `${p.partition}:${p.high}`).sort();
  } finally {
    await admin.disconnect();
  }
}
