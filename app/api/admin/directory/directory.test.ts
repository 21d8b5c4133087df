import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db/prisma";
import { get, json, person, type TestPerson } from "@/test/api";
import { GET as directory } from "./route";

// GET /api/admin/directory called as a route handler with real Requests, against the test
// database. Every person and department here is the test's own, and every search names the
// test's tag, so what comes back can be compared whole; they are removed afterwards (the suite
// may run against a shared development database).

const tag = randomBytes(3).toString("hex");
const named = `DT${tag}`;
const unnamed = `DU${tag}`;
const paged = `DP${tag}`;
const people: string[] = [];

let admin: TestPerson;

interface Item {
  id: string;
  name: string;
}

beforeAll(async () => {
  admin = await person("en", { role: "ADMIN" });
  people.push(admin.id);
  await db().department.createMany({
    data: [
      { id: named, name: `테스트팀 ${tag}` },
      // As a department is before its own directory event arrives: its id is its name.
      { id: unnamed, name: unnamed },
      { id: paged, name: paged },
    ],
  });
});

afterAll(async () => {
  await db().user.deleteMany({ where: { id: { in: people } } });
  await db().department.deleteMany({ where: { id: { in: [named, unnamed, paged] } } });
  await disconnectDb();
});

describe("GET /api/admin/directory", () => {
  it("finds people by part of a name, of an email or of an id, whatever the case, and nobody across two fields", async () => {
    await someone({ id: `DIR-${tag}-A`, name: `한지아 ${tag}`, email: `jia.han.${tag}@groupware.test` });
    await someone({ id: `DIR-${tag}-B`, name: `Oliver ${tag} Grant`, email: `o.grant.${tag}@groupware.test` });
    await someone({ id: `DIR-${tag}-C`, name: "정유나", email: `yuna.${tag}@groupware.test` });

    expect(await ids(`query=${encodeURIComponent(`지아 ${tag}`)}`)).toEqual([`DIR-${tag}-A`]);
    expect(await ids(`query=${encodeURIComponent(`OLIVER ${tag}`)}`)).toEqual([`DIR-${tag}-B`]);
    expect(await ids(`query=${encodeURIComponent(`Grant.${tag}@`)}`)).toEqual([`DIR-${tag}-B`]);
    expect(await ids(`query=${encodeURIComponent(`dir-${tag}-c`)}`)).toEqual([`DIR-${tag}-C`]);
    // In name, email or id: never across the end of one and the start of the next.
    expect(await ids(`query=${encodeURIComponent(`${tag} jia.han`)}`)).toEqual([]);
    // Surrounding spaces are not part of the search.
    expect(await ids(`query=${encodeURIComponent(`  yuna.${tag}  `)}`)).toEqual([`DIR-${tag}-C`]);
  });

  it("takes %, _ and \\ in the query as themselves, not as LIKE's wildcards and escape", async () => {
    await someone({ id: `DIR-${tag}-P1`, name: `50%off ${tag}` });
    await someone({ id: `DIR-${tag}-P2`, name: `50xoff ${tag}` });
    await someone({ id: `DIR-${tag}-U1`, name: `a_b ${tag}` });
    await someone({ id: `DIR-${tag}-U2`, name: `axb ${tag}` });
    await someone({ id: `DIR-${tag}-S1`, name: `c\\d ${tag}` });
    await someone({ id: `DIR-${tag}-S2`, name: `cd ${tag}` });

    expect(await ids(`query=${encodeURIComponent(`50%off ${tag}`)}`)).toEqual([`DIR-${tag}-P1`]);
    expect(await ids(`query=${encodeURIComponent(`a_b ${tag}`)}`)).toEqual([`DIR-${tag}-U1`]);
    expect(await ids(`query=${encodeURIComponent(`c\\d ${tag}`)}`)).toEqual([`DIR-${tag}-S1`]);
    expect(await ids(`query=${encodeURIComponent(`%${tag}`)}`)).toEqual([]);
  });

  it("filters by department and by active, with each person's department name, role and last update", async () => {
    const updatedAt = new Date("2026-11-30T01:02:03.456Z");
    await someone({ id: `DIR-${tag}-D1`, name: "나은비", departmentId: named, role: "ADMIN", updatedAt });
    await someone({ id: `DIR-${tag}-D2`, name: "가은비", departmentId: named, active: false, updatedAt });
    await someone({ id: `DIR-${tag}-D3`, name: "다은비", departmentId: unnamed, updatedAt });

    const { items, nextCursor } = await json(directory(get(`/api/admin/directory?departmentId=${named}`, admin), {}));
    expect(nextCursor).toBeNull();
    expect(items).toEqual([
      {
        id: `DIR-${tag}-D2`,
        email: `dir-${tag}-d2@groupware.test`,
        name: "가은비",
        departmentId: named,
        departmentName: `테스트팀 ${tag}`,
        role: "USER",
        active: false,
        updatedAt: "2026-11-30T01:02:03.456Z",
      },
      {
        id: `DIR-${tag}-D1`,
        email: `dir-${tag}-d1@groupware.test`,
        name: "나은비",
        departmentId: named,
        departmentName: `테스트팀 ${tag}`,
        role: "ADMIN",
        active: true,
        updatedAt: "2026-11-30T01:02:03.456Z",
      },
    ]);
    expect(await ids(`departmentId=${named}&active=false`)).toEqual([`DIR-${tag}-D2`]);
    expect(await ids(`departmentId=${named}&active=true`)).toEqual([`DIR-${tag}-D1`]);
    expect(await ids(`departmentId=${named}&active=`)).toEqual([`DIR-${tag}-D2`, `DIR-${tag}-D1`]);
    const [unnamedOne] = (await json(directory(get(`/api/admin/directory?departmentId=${unnamed}`, admin), {}))).items;
    expect(unnamedOne).toMatchObject({ id: `DIR-${tag}-D3`, departmentId: unnamed, departmentName: unnamed });
    // Every filter at once.
    expect(await ids(`departmentId=${named}&active=false&query=${encodeURIComponent("은비")}`)).toEqual([`DIR-${tag}-D2`]);
  });

  it("pages by name then id with its cursor: every person once, in order, however many share a name", async () => {
    const names = ["나", "Zoe", "가", "나", "다", "가", "나"];
    const created = [];
    // Stored in the reverse of id order, so a list sorted by name alone would not come out by id.
    for (const [i, name] of names.entries()) {
      created.push(await someone({ id: `DIR-${tag}-N${names.length - i}`, name: `${name} pg${tag}`, departmentId: paged }));
    }
    const expected = created.sort((a, b) => (a.name === b.name ? compare(a.id, b.id) : compare(a.name, b.name))).map((one) => one.id);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: Item[]; nextCursor: string | null } = await json(
        directory(get(`/api/admin/directory?query=pg${tag}&limit=2${cursor ? `&cursor=${cursor}` : ""}`, admin), {}),
      );
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual(expected);
    expect(pages).toBe(4);
    // A page that ends exactly at the last person has no next one.
    const whole = await json(directory(get(`/api/admin/directory?departmentId=${paged}&limit=7`, admin), {}));
    expect(whole.items.map((item: Item) => item.id)).toEqual(expected);
    expect(whole.nextCursor).toBeNull();
  });

  it.each([
    ["cursor=bm90LWEtY3Vyc29y", /^cursor: /],
    [`cursor=${Buffer.from('["only a name"]').toString("base64url")}`, /^cursor: /],
    [`cursor=${Buffer.from('["a\\u0000", "b"]').toString("base64url")}`, /^cursor: /],
    ["limit=0", /^limit: /],
    ["limit=101", /^limit: /],
    ["limit=ten", /^limit: /],
    ["active=yes", /^active: /],
    [`query=${"x".repeat(101)}`, /^query: /],
    ["query=a%00b", /^query: /],
    ["departmentId=D%00", /^departmentId: /],
  ])("answers 400 naming the field for %s", async (query, field) => {
    const response = await directory(get(`/api/admin/directory?${query}`, admin), {});
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.code).toBe("bad_request");
    expect(error.message).toMatch(field);
  });
});

/** A person of this test's own, straight into the directory's table. */
async function someone(data: {
  id: string;
  name: string;
  email?: string;
  departmentId?: string;
  role?: "USER" | "ADMIN";
  active?: boolean;
  updatedAt?: Date;
}) {
  people.push(data.id);
  return db().user.create({
    data: { email: `${data.id.toLowerCase()}@groupware.test`, departmentId: "D01", passwordHash: "-", ...data },
  });
}

/** The ids the directory answers for this query, all on one page. */
async function ids(query: string): Promise<string[]> {
  const page = await json(directory(get(`/api/admin/directory?${query}&limit=100`, admin), {}));
  expect(page.nextCursor).toBeNull();
  return page.items.map((item: Item) => item.id);
}

/** PostgreSQL's order for the "C" collation the database uses: by code point (UTF-16 units agree for these names). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
