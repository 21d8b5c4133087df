import { randomBytes } from "node:crypto";
import path from "node:path";
import type { Locator, Page } from "@playwright/test";
import { Kafka, logLevel } from "kafkajs";
import { kafkaBrokers } from "../lib/env";
import { startApprovalStandIn } from "../scripts/simulate/approval-stand-in";
import { readTopic } from "../test/kafka";
import { expectNoSeriousViolations, horizontalOverflow } from "./accessibility";
import { type AnyEvent, custom, expect, type Person, type Publish, test } from "./fixtures";

// Notifications that follow their item (PRODUCT.md §11), in the browser: a decision from the bell
// and what it does to the other approver's row, live; a cancelled meeting in every tab; comments
// on one post as one thread; all of it accessible, in light and dark.

const COMMAND_TOPIC = "groupware.approval.commands";
const REQUESTER = { id: "E0012", name: "이서준" };

const bell = (page: Page) => page.getByTestId("notification-bell");
const dropdown = (page: Page) => page.getByTestId("notification-dropdown");
const rowOf = (scope: Page | Locator, text: string | RegExp) => scope.getByTestId("notification-item").filter({ hasText: text });

async function openLive(page: Page, where = "/"): Promise<void> {
  await page.goto(where);
  await expect(page.getByTestId("connection-status")).toHaveAttribute("data-state", "live");
}

async function openBell(page: Page): Promise<void> {
  await openLive(page);
  await bell(page).click();
  await expect(dropdown(page)).toBeVisible();
}

function approvalRequest(documentTitle: string, approverIds: string[]) {
  const documentId = `DOC-${randomBytes(4).toString("hex")}`;
  const event: AnyEvent = {
    type: "approval.requested",
    data: { documentId, documentTitle, requester: REQUESTER, approverIds },
  };
  return { documentId, documentTitle, event };
}

/** The approval service's answer to a decision: the approver's own result and the document's outcome. */
function approvalDecided(doc: { documentId: string; documentTitle: string }, approver: Person): AnyEvent[] {
  const by = { id: approver.id, name: approver.name };
  return [
    {
      type: "approval.approved",
      data: { documentId: doc.documentId, documentTitle: doc.documentTitle, approver: by, requesterId: REQUESTER.id },
    },
    {
      type: "approval.completed",
      data: { documentId: doc.documentId, documentTitle: doc.documentTitle, outcome: "approved", decidedBy: by, requesterId: REQUESTER.id },
    },
  ];
}

interface Command {
  id: string;
  type: string;
  subject: string;
  data: { documentId: string; decision: string; comment: string | null; decidedBy: { id: string; name: string }; notificationId: string };
}

/** Every command on the topic about one document, once the topic has been read to its end. */
async function commandsFor(documentId: string): Promise<Command[]> {
  const total = await topicSize(COMMAND_TOPIC);
  const seen = await readTopic(COMMAND_TOPIC, total);
  return seen
    .map((message) => JSON.parse(message.value?.toString() ?? "{}") as Command)
    .filter((command) => command.data?.documentId === documentId);
}

async function topicSize(topic: string): Promise<number> {
  const admin = new Kafka({ clientId: "e2e-threads", brokers: kafkaBrokers(), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0);
  } finally {
    await admin.disconnect();
  }
}

test("two approvers see one request; the first approves from the bell; the second's row settles live and their To do drops", async ({
  browser,
  baseURL,
  page,
  person,
  signIn,
  publish,
}) => {
  test.setTimeout(120_000);
  const first = await person({ name: "김하늘" });
  const second = await person({ name: "박도윤" });
  const doc = approvalRequest("출장 경비 정산", [first.id, second.id]);
  await publish([doc.event], { userId: second.id, total: 1 });

  // The approval service, up before anyone decides: it reads its topics from the start, and drops a
  // command for a document it has not learnt yet, so it must have read the request first.
  const standIn = await startApprovalStandIn({ brokers: kafkaBrokers() });
  await signIn(first.email);
  const otherContext = await browser.newContext({ baseURL, locale: "ko-KR", timezoneId: "Asia/Seoul" });
  const other = await otherContext.newPage();
  await signIn(second.email, otherContext);

  await openBell(page);
  await openBell(other);
  for (const who of [page, other]) {
    await expect(dropdown(who).getByTestId("todo-count")).toHaveText("처리할 일 1");
    await expect(bell(who)).toHaveAccessibleName("알림, 읽지 않음 1개, 처리할 일 1개");
  }

  const mine = rowOf(dropdown(page), doc.documentTitle);
  const approve = mine.getByRole("button", { name: "‘결재 요청: 출장 경비 정산’ 승인" });
  await approve.click();
  // Submitted until the approval service answers (the double-click test sees it with no service
  // answering); the click neither followed the row's link nor read it.
  await expect(mine.getByTestId("action-result")).toHaveText(/처리 중… 결재 서비스의 응답을 기다리고 있습니다|승인됨 · 김하늘/);
  await expect(page).toHaveURL(/\/$/);
  await expect(mine.getByTestId("action-result")).toBeFocused();

  await expect.poll(async () => (await commandsFor(doc.documentId)).length, { timeout: 30_000 }).toBe(1);
  const [command] = await commandsFor(doc.documentId);
  expect(command).toMatchObject({
    type: "approval.decision.submitted",
    subject: doc.documentId,
    data: { decision: "approve", decidedBy: { id: first.id, name: "김하늘" }, documentId: doc.documentId },
  });

  // The second approver's row turns settled without a reload: muted, "승인됨 · 김하늘", no buttons.
  const theirs = rowOf(dropdown(other), doc.documentTitle);
  // A round trip through the stand-in (joining its consumer group first) and the worker: give it time.
  await expect(theirs).toHaveAttribute("data-status", "resolved", { timeout: 45_000 });
  await expect(theirs).toHaveAttribute("data-settled", "true");
  await expect(theirs.getByTestId("notification-status")).toHaveText("승인됨 · 김하늘");
  await expect(theirs).toContainText("이미 승인");
  await expect(theirs.getByTestId("action-approve")).toHaveCount(0);
  await expect(dropdown(other).getByTestId("todo-count")).toBeHidden();
  await expect(bell(other)).toHaveAccessibleName("알림, 읽지 않음 1개");
  await expect(theirs.getByTestId("notification-unread-dot")).toHaveCount(0);

  // The first approver's own row settles too, and says so where their focus is.
  await expect(mine).toHaveAttribute("data-status", "resolved");
  await expect(mine.getByTestId("action-result")).toHaveText("승인됨 · 김하늘");
  await expect(dropdown(page).getByTestId("todo-count")).toBeHidden();

  // The To do filter lists open actions only.
  await dropdown(other).getByTestId("filter-todo").check();
  await expect(dropdown(other).getByTestId("notification-empty")).toContainText("처리할 일이 없습니다");
  await otherContext.close();
  await standIn.close();
});

test("a double click on Approve sends one request and one command", async ({ page, person, signIn, publish }) => {
  const me = await person({ name: "정유진" });
  const doc = approvalRequest("분기 마케팅 예산", [me.id]);
  await publish([doc.event], { userId: me.id, total: 1 });
  await signIn(me.email);
  const posts: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && request.url().endsWith("/actions")) posts.push(request.url());
  });
  await openBell(page);

  const row = rowOf(dropdown(page), doc.documentTitle);
  await row.getByTestId("action-approve").dblclick();
  await expect(row.getByTestId("action-result")).toHaveAttribute("data-state", "submitted");
  await expect.poll(async () => (await commandsFor(doc.documentId)).length, { timeout: 30_000 }).toBe(1);
  // Long enough for a second command to have reached the topic, were there one.
  await page.waitForTimeout(2_000);
  expect(await commandsFor(doc.documentId)).toHaveLength(1);
  expect(posts).toHaveLength(1);
});

test("rejecting with a comment: the field counts to 1,000, Escape closes it, and the comment travels with the command", async ({
  page,
  person,
  signIn,
  publish,
}) => {
  const me = await person({ name: "최서연" });
  const doc = approvalRequest("장비 구매 요청", [me.id]);
  await publish([doc.event], { userId: me.id, total: 1 });
  await signIn(me.email);
  await openBell(page);

  const row = rowOf(dropdown(page), doc.documentTitle);
  await row.getByRole("button", { name: "‘결재 요청: 장비 구매 요청’ 반려" }).click();
  const comment = row.getByRole("textbox", { name: "반려 의견 (선택)" });
  await expect(comment).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(comment).toBeHidden();
  await expect(dropdown(page)).toBeVisible();
  await expect(row.getByTestId("action-reject")).toBeFocused();

  await page.keyboard.press("Enter");
  await comment.fill("견적을 하나 더 받아 주세요");
  await expect(row).toContainText("15/1000자");
  await row.getByRole("button", { name: /^반려 보내기/ }).click();
  await expect(row.getByTestId("action-result")).toHaveAttribute("data-state", "submitted");
  await expect
    .poll(async () => (await commandsFor(doc.documentId))[0]?.data.comment ?? null, { timeout: 30_000 })
    .toBe("견적을 하나 더 받아 주세요");
});

test("a calendar invitation, then the event's cancellation, shows cancelled in both tabs of one browser", async ({
  context,
  page,
  person,
  signIn,
  publish,
}) => {
  const me = await person();
  await signIn(me.email);
  await openBell(page);
  const history = await context.newPage();
  await openLive(history, "/notifications");

  const eventId = `CAL-${randomBytes(4).toString("hex")}`;
  const facts = {
    eventId,
    title: "분기 실적 리뷰",
    startsAt: new Date(Date.now() + 86_400_000).toISOString(),
    organizer: { id: "E0014", name: "서지민" },
  };
  await publish([{ type: "calendar.event.invited", data: { ...facts, inviteeIds: [me.id] } }], { userId: me.id, total: 1 });
  const invitation = (where: Page, scope: string) => rowOf(where.getByTestId(scope), "일정 초대: 분기 실적 리뷰");
  await expect(invitation(page, "notification-dropdown")).toHaveAttribute("data-status", "active");
  await expect(invitation(history, "history-list")).toHaveAttribute("data-status", "active");
  await expect(invitation(page, "notification-dropdown").getByRole("link")).toHaveCount(1);

  await publish([{ type: "calendar.event.cancelled", data: { ...facts, attendeeIds: [me.id] } }], { userId: me.id, total: 2 });
  for (const [tab, scope] of [
    [page, "notification-dropdown"],
    [history, "history-list"],
  ] as const) {
    const row = invitation(tab, scope);
    await expect(row).toHaveAttribute("data-status", "cancelled");
    await expect(row.getByTestId("notification-status")).toHaveText("취소됨");
    // A cancelled item leads nowhere.
    await expect(row.getByRole("link")).toHaveCount(0);
    await expect(rowOf(tab.getByTestId(scope), "일정 취소: 분기 실적 리뷰")).toBeVisible();
  }
});

test("the thread view groups three comments on one post into one row, opens it in place and reads it", async ({
  page,
  person,
  signIn,
  publish,
}) => {
  const me = await person();
  await publish(commentsOn(me, "POST-ONBOARD", "신규 입사자 온보딩 안내"), { userId: me.id, total: 3 });
  await publish([custom(me.id, "연말 워크숍 안내")], { userId: me.id, total: 4 });
  await signIn(me.email);
  await openBell(page);
  await expect(dropdown(page).getByTestId("notification-item")).toHaveCount(4);

  await dropdown(page).getByTestId("view-threads").check();
  const thread = dropdown(page).getByTestId("notification-thread");
  await expect(thread).toHaveCount(1);
  await expect(thread.getByTestId("thread-open")).toHaveAccessibleName("댓글 3개 · 신규 입사자 온보딩 안내, 읽지 않음 3개");
  await expect(thread.getByTestId("thread-unread")).toHaveText("읽지 않음 3");
  await expect(dropdown(page).getByTestId("notification-item")).toHaveCount(1);

  await thread.getByTestId("thread-open").click();
  const opened = dropdown(page).getByTestId("thread-view");
  await expect(opened.getByRole("heading")).toContainText("신규 입사자 온보딩 안내");
  await expect(opened.getByTestId("notification-item")).toHaveCount(3);
  await expect(opened.getByTestId("thread-back")).toBeFocused();

  await opened.getByTestId("thread-mark-read").click();
  await expect(opened.locator("[data-testid='notification-item'][data-unread='true']")).toHaveCount(0);
  await expect(bell(page)).toHaveAccessibleName("알림, 읽지 않음 1개");

  await opened.getByTestId("thread-back").click();
  await expect(thread).toHaveAttribute("data-unread", "false");
  await expect(thread.getByTestId("thread-open")).toBeFocused();

  // The history page has the same toggle, in its URL.
  await openLive(page, "/notifications?view=threads");
  await expect(page.getByTestId("history-list").getByTestId("notification-thread")).toHaveCount(1);
  await page.getByTestId("history-list").getByTestId("thread-open").click();
  await expect(page).toHaveURL(/thread=/);
  await expect(page.getByTestId("history-thread").getByTestId("notification-item")).toHaveCount(3);
});

for (const colorScheme of ["light", "dark"] as const) {
  test(`no serious accessibility violations with actions, settled rows and threads open (${colorScheme})`, async ({
    page,
    person,
    signIn,
    publish,
  }) => {
    await page.emulateMedia({ colorScheme });
    const me = await person({ name: "한지우" });
    const other = await person({ name: "오세훈" });
    await seedMorning(me, other, publish);
    await signIn(me.email);
    await openBell(page);
    await expectMorning(page);
    await dropdown(page).getByTestId("action-reject").click();
    await expectNoSeriousViolations(page, `the bell with actions and settled rows (${colorScheme})`);

    await dropdown(page).getByTestId("view-threads").check();
    await expect(dropdown(page).getByTestId("notification-thread")).toHaveCount(2);
    await expectNoSeriousViolations(page, `the bell's threads (${colorScheme})`);
    await commentThread(page).getByTestId("thread-open").click();
    await expect(dropdown(page).getByTestId("thread-view").getByTestId("notification-item")).toHaveCount(3);
    await expectNoSeriousViolations(page, `an opened thread (${colorScheme})`);

    await openLive(page, "/notifications?filter=todo");
    await expect(page.getByTestId("history-list").getByTestId("notification-item")).toHaveCount(1);
    await expectNoSeriousViolations(page, `/notifications under To do (${colorScheme})`);
  });
}

test.describe("on a 360 px wide phone", () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test("actions, badges and threads fit the screen", async ({ page, person, signIn, publish }) => {
    const me = await person({ name: "남궁민수" });
    const other = await person({ name: "오세훈" });
    await seedMorning(me, other, publish);
    await signIn(me.email);
    await openBell(page);
    await expectMorning(page);
    await dropdown(page).getByTestId("action-reject").click();
    expect(await horizontalOverflow(page)).toBe(0);
    const box = (await dropdown(page).boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(360);
    await dropdown(page).getByTestId("view-threads").check();
    await commentThread(page).getByTestId("thread-open").click();
    await expect(dropdown(page).getByTestId("thread-view").getByTestId("notification-item")).toHaveCount(3);
    expect(await horizontalOverflow(page)).toBe(0);
  });
});

// The pictures of docs/screenshots (UPDATE_SCREENSHOTS=1, like e2e/screenshots.spec.ts).
test.describe("screenshots", () => {
  test.skip(!process.env.UPDATE_SCREENSHOTS, "writes docs/screenshots/*.png only when UPDATE_SCREENSHOTS=1");
  const OUT = path.join(import.meta.dirname, "..", "docs", "screenshots");

  for (const locale of ["ko-KR", "en-US"] as const) {
    for (const colorScheme of ["light", "dark"] as const) {
      const suffix = `${locale.slice(0, 2)}-${colorScheme}`;
      test(`screenshot bell-actions, bell-reject and bell-threads ${suffix}`, async ({ browser, baseURL, person, publish }) => {
        const me = await person({ name: "박도윤" });
        const other = await person({ name: "오세훈" });
        await seedMorning(me, other, publish);
        const context = await browser.newContext({
          baseURL,
          locale,
          timezoneId: "Asia/Seoul",
          colorScheme,
          viewport: { width: 1280, height: 900 },
        });
        const response = await context.request.post("/api/auth/login", {
          data: { email: me.email, password: process.env.DEMO_PASSWORD ?? "groupware" },
        });
        expect(response.status()).toBe(204);
        const page = await context.newPage();
        await openBell(page);
        await expectMorning(page);
        // The action buttons and the settled rows under them, then the reject comment open.
        await page.mouse.move(0, 899);
        await page.screenshot({ path: path.join(OUT, `bell-actions-${suffix}.png`) });
        await dropdown(page).getByTestId("action-reject").click();
        await dropdown(page)
          .getByTestId("action-comment")
          .fill(locale === "ko-KR" ? "견적을 하나 더 받아 주세요" : "Please get a second quote");
        await page.mouse.move(0, 899);
        await page.screenshot({ path: path.join(OUT, `bell-reject-${suffix}.png`) });
        await page.keyboard.press("Escape");

        await dropdown(page).getByTestId("view-threads").check();
        await expect(dropdown(page).getByTestId("notification-thread")).toHaveCount(2);
        await page.mouse.move(0, 899);
        await page.screenshot({ path: path.join(OUT, `bell-threads-${suffix}.png`) });
        await context.close();
      });
    }
  }
});

function commentsOn(me: Person, postId: string, postTitle: string): AnyEvent[] {
  const lines = [
    { id: "E0027", name: "송다은", excerpt: "자료 잘 봤습니다. 다음 주에 뵙겠습니다!" },
    { id: "E0031", name: "남태윤", excerpt: "노트북 수령은 어디서 하나요?" },
    { id: "E0014", name: "서지민", excerpt: "3층 IT 지원실에서 받으시면 됩니다." },
  ];
  return lines.map((line) => ({
    type: "board.comment.created",
    data: { postId, postTitle, commenter: { id: line.id, name: line.name }, postAuthorId: me.id, excerpt: line.excerpt },
  }));
}

/**
 * What the new UI shows at once: a pending request (Approve / Reject), one approved by someone
 * else and a cancelled meeting (settled), three comments on a post (a thread).
 */
async function seedMorning(me: Person, other: Person, publish: Publish): Promise<void> {
  const settled = approvalRequest("11월 법인카드 사용 내역", [me.id, other.id]);
  const eventId = `CAL-${randomBytes(4).toString("hex")}`;
  const facts = {
    eventId,
    title: "주간 제품 회의",
    startsAt: new Date(Date.now() + 26 * 3600_000).toISOString(),
    organizer: { id: "E0014", name: "서지민" },
  };
  // Oldest first, one topic at a time (the list shows them in the order stored).
  await publish(commentsOn(me, `POST-${randomBytes(3).toString("hex")}`, "신규 입사자 온보딩 안내"), { userId: me.id, total: 3 });
  await publish([settled.event], { userId: me.id, total: 4 });
  await publish([{ type: "calendar.event.invited", data: { ...facts, inviteeIds: [me.id] } }], { userId: me.id, total: 5 });
  await publish(approvalDecided(settled, other));
  await publish([{ type: "calendar.event.cancelled", data: { ...facts, attendeeIds: [me.id] } }], { userId: me.id, total: 6 });
  const pending = approvalRequest("출장 경비 정산", [me.id]);
  await publish([pending.event], { userId: me.id, total: 7 });
}

/** The morning as the bell shows it: one request to decide, one decided by someone else, a cancelled invitation. */
async function expectMorning(page: Page): Promise<void> {
  await expect(dropdown(page).getByTestId("action-approve")).toHaveCount(1);
  await expect(rowOf(dropdown(page), "11월 법인카드 사용 내역")).toHaveAttribute("data-status", "resolved");
  await expect(rowOf(dropdown(page), /(일정 초대|Invitation): 주간 제품 회의/)).toHaveAttribute("data-status", "cancelled");
}

const commentThread = (page: Page) =>
  dropdown(page)
    .getByTestId("notification-thread")
    .filter({ hasText: /댓글 3개|3 comments/ });
