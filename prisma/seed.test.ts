import { spawnSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "../lib/db/prisma";
import { env, kafkaBrokers } from "../lib/env";
import { EventPublisher } from "../lib/events/producer";
import { applyDirectoryNow } from "../workers/apply-directory-now";
import { DEMO_DIRECTORY, DEPARTMENTS, seedDemoDirectory } from "./seed";

describe("seedDemoDirectory", () => {
  const publisher = new EventPublisher(kafkaBrokers(), "seed-test");
  afterAll(async () => {
    await publisher.close();
    await disconnectDb();
  });
  // Through Kafka and the worker's path, as npm start and npm test seed.
  const seed = () =>
    seedDemoDirectory({
      prisma: db(),
      publisher,
      apply: () => applyDirectoryNow({ env: env(), brokers: kafkaBrokers(), prisma: db() }),
      password: "groupware",
    });

  it("creates the demo directory (README, Demo accounts) through the directory's events, and a second run changes nothing", async () => {
    // npm test has already seeded once; run it twice more.
    await seed();
    const before = await snapshot();
    const again = await seed();
    const after = await snapshot();

    expect(again).toEqual({ published: DEPARTMENTS.length + 51, passwordsSet: 0 });
    expect(after).toEqual(before);
    expect(after.departments).toEqual(DEPARTMENTS.map((d) => ({ id: d.id, name: d.name })));
    const employees = after.users.filter((u) => u.id.startsWith("E"));
    expect(employees).toHaveLength(50);
    for (const [index, user] of employees.entries()) {
      const number = String(index + 1).padStart(4, "0");
      expect(user).toMatchObject({
        id: `E${number}`,
        email: `e${number}@groupware.test`,
        departmentId: `D0${Math.floor(index / 10) + 1}`,
        role: "USER",
      });
      expect(user.name).toMatch(/^[가-힣]{2,4}$/);
    }
    expect(after.users.find((u) => u.id === "A0001")).toMatchObject({
      email: "admin@groupware.test",
      role: "ADMIN",
      departmentId: "D01",
    });
  });

  it("brings a demo person's name back in line with the file, and keeps a password that was changed", async () => {
    const changed = "scrypt$changed";
    await db().user.update({ where: { id: "E0042" }, data: { name: "바뀐 이름", passwordHash: changed } });
    await seed();
    expect(await db().user.findUnique({ where: { id: "E0042" }, select: { name: true, passwordHash: true } })).toEqual({
      name: DEMO_DIRECTORY.find((entry) => entry.id === "E0042")?.name,
      passwordHash: changed,
    });
    await db().user.update({
      where: { id: "E0042" },
      data: { passwordHash: (await db().user.findUniqueOrThrow({ where: { id: "E0041" } })).passwordHash },
    });
  });
});

async function snapshot() {
  const prisma = db();
  return {
    departments: await prisma.department.findMany({
      where: { id: { in: DEPARTMENTS.map((d) => d.id) } },
      orderBy: { id: "asc" },
      select: { id: true, name: true },
    }),
    users: await prisma.user.findMany({
      orderBy: { id: "asc" },
      select: { id: true, email: true, name: true, departmentId: true, role: true, passwordHash: true },
    }),
  };
}

describe("npm run db:seed in production", () => {
  const seed = (env: Record<string, string>) =>
    spawnSync(process.execPath, ["--import", "tsx", "prisma/seed.ts"], {
      env: { ...process.env, NODE_ENV: "production", DEMO_PASSWORD: "", DEMO: "", LOG_LEVEL: "warn", ...env },
      encoding: "utf8",
    });

  it("refuses the published demo password, naming the variables that allow a demo", () => {
    const refused = seed({});
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/DEMO_PASSWORD: .*refused with NODE_ENV=production.*DEMO=true/);
  });

  it("seeds with DEMO=true", () => {
    const seeded = seed({ DEMO: "true" });
    expect(seeded.status, seeded.stderr).toBe(0);
  });
});
