import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { formatInstant } from "../components/admin/format-admin";
import { expectNoSeriousViolations, horizontalOverflow } from "./accessibility";
import { expect, type Person, test } from "./fixtures";

// /admin/directory (PRODUCT.md §9): as the seeded admin, search the company's people by name,
// narrow to a department and a status, page by cursor. Every person searched for is the test's
// own, named with the test's tag, so a search for the tag finds them and nobody else.

const ADMIN_EMAIL = "admin@groupware.test";

const rows = (page: Page) => page.getByTestId("directory-row");
const rowIds = (page: Page) => rows(page).getByTestId("row-id").allTextContents();

async function search(page: Page, fields: { query?: string; department?: string; status?: string }) {
  const form = page.getByTestId("directory-filters");
  const before = page.url();
  if (fields.query !== undefined) await form.getByLabel("이름, 이메일 또는 ID").fill(fields.query);
  if (fields.department !== undefined) await form.getByLabel("부서").selectOption({ label: fields.department });
  if (fields.status !== undefined) await form.getByLabel("상태").selectOption({ label: fields.status });
  await form.getByRole("button", { name: "검색", exact: true }).click();
  await expect(page).not.toHaveURL(before);
}

test("an admin finds a person by name, narrows to a department, and sees a deactivated person only under inactive", async ({
  page,
  person,
  signIn,
  database,
}) => {
  const tag = randomBytes(3).toString("hex");
  const jia = await person({ name: `한지아 ${tag}`, departmentId: "D02" });
  const sehun = await person({ name: `오세훈 ${tag}`, departmentId: "D05" });
  const chaewon = await person({ name: `문채원 ${tag}`, departmentId: "D05" });
  await person({ name: `유하린 ${tag}`, departmentId: "D03" });
  await database.query("UPDATE users SET active = false WHERE id = $1", [chaewon.id]);
  const updated = await database.query<{ updated_at: Date }>("SELECT updated_at FROM users WHERE id = $1", [jia.id]);

  await signIn(ADMIN_EMAIL);
  await page.goto("/admin");
  await page.getByRole("navigation", { name: "관리 메뉴" }).getByRole("link", { name: "구성원" }).click();
  await expect(page).toHaveURL(/\/admin\/directory$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("구성원");

  // By part of a name: the one person, with every column.
  await search(page, { query: `지아 ${tag}` });
  await expect(page).toHaveURL(/\/admin\/directory\?query=[^&]+$/);
  expect(new URL(page.url()).searchParams.get("query")).toBe(`지아 ${tag}`);
  await expect(rows(page)).toHaveCount(1);
  const row = rows(page).first();
  await expect(row.getByTestId("row-name")).toHaveText(`한지아 ${tag}`);
  await expect(row.getByTestId("row-id")).toHaveText(jia.id);
  await expect(row.getByTestId("row-email")).toHaveText(jia.email);
  await expect(row.getByTestId("row-department")).toHaveText("개발");
  await expect(row.getByTestId("row-role")).toHaveText("직원");
  await expect(row.getByTestId("row-status")).toHaveText("활성");
  await expect(row.getByTestId("row-updated")).toHaveText(formatInstant(updated.rows[0]!.updated_at.toISOString(), "ko"));

  // A department: everyone of the tag there, active or not, by name.
  await search(page, { query: tag, department: "디자인" });
  await expect(page).toHaveURL(/departmentId=D05/);
  await expect.poll(() => rowIds(page)).toEqual([chaewon.id, sehun.id]);

  // The deactivated person is under "inactive" and not under "active".
  await search(page, { status: "활성" });
  await expect.poll(() => rowIds(page)).toEqual([sehun.id]);
  await search(page, { status: "비활성" });
  await expect.poll(() => rowIds(page)).toEqual([chaewon.id]);
  await expect(rows(page).first().getByTestId("row-status")).toHaveText("비활성");
  await expect(rows(page).first()).toHaveAttribute("data-active", "false");

  // The URL holds the search: a reload shows the same form and rows.
  await page.reload();
  const form = page.getByTestId("directory-filters");
  await expect(form.getByLabel("이름, 이메일 또는 ID")).toHaveValue(tag);
  await expect(form.getByLabel("부서")).toHaveValue("D05");
  await expect(form.getByLabel("상태")).toHaveValue("false");
  await expect.poll(() => rowIds(page)).toEqual([chaewon.id]);

  // Nobody: the empty state.
  await search(page, { query: `없는 사람 ${tag}`, department: "전체 부서", status: "전체" });
  await expect(page.getByTestId("directory-empty")).toBeVisible();
});

test("the list loads the next 50 by cursor, each person once, to the end", async ({ page, person, signIn }) => {
  const tag = randomBytes(3).toString("hex");
  const people: Person[] = [];
  for (let i = 1; i <= 55; i++) people.push(await person({ name: `구성원 ${tag} ${String(i).padStart(2, "0")}`, departmentId: "D04" }));

  await signIn(ADMIN_EMAIL);
  await page.goto(`/admin/directory?query=${tag}`);
  await expect(rows(page)).toHaveCount(50);
  await expect(page.getByTestId("directory-end")).toBeHidden();
  await page.getByTestId("directory-load-more").click();
  await expect(rows(page)).toHaveCount(55);
  await expect(page.getByTestId("directory-end")).toBeVisible();
  await expect(page.getByTestId("directory-load-more")).toBeHidden();
  expect(await rowIds(page)).toEqual(people.map((p) => p.id));
  await expect(page.getByTestId("directory-count")).toHaveText("55명 표시 중");
});

for (const colorScheme of ["light", "dark"] as const) {
  test(`/admin/directory has no serious or critical accessibility violations (${colorScheme})`, async ({
    page,
    person,
    signIn,
    database,
  }) => {
    await page.emulateMedia({ colorScheme });
    // A hydration mismatch (server and browser formatting a time differently) shows as a console error.
    const errors: string[] = [];
    page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
    page.on("pageerror", (error) => errors.push(error.message));
    const tag = randomBytes(3).toString("hex");
    await person({ name: `서민재 ${tag}` });
    const gone = await person({ name: `황보지훈 ${tag}` });
    await database.query("UPDATE users SET active = false WHERE id = $1", [gone.id]);
    await signIn(ADMIN_EMAIL);
    for (const path of [
      "/admin/directory",
      `/admin/directory?query=${tag}`,
      `/admin/directory?query=${tag}-nobody`,
      "/admin/directory?active=maybe",
    ]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expectNoSeriousViolations(page, path);
    }
    expect(errors, "console errors on /admin/directory").toEqual([]);
  });
}

test.describe("on a 360 px wide phone", () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test("/admin/directory fits the screen; the table scrolls inside itself", async ({ page, person, signIn }) => {
    const tag = randomBytes(3).toString("hex");
    await person({ name: `남궁민수 ${tag}`, departmentId: "D03" });
    await signIn(ADMIN_EMAIL);
    for (const path of ["/admin/directory", `/admin/directory?query=${tag}`]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expect(rows(page).first()).toBeVisible();
      expect(await horizontalOverflow(page), path).toBe(0);
      const region = page.getByRole("region", { name: "구성원 목록" });
      expect(await region.evaluate((element) => element.scrollWidth > element.clientWidth), `${path}: the table scrolls`).toBe(true);
    }
  });
});
