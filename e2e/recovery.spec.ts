import { custom, expect, test } from "./fixtures";
import { RestartableWeb } from "./restartable-web";

// The web server is killed and restarted while events keep coming. The page is served through a
// web process of this test's own (see RestartableWeb), on ports apart from npm test's.

const WEB_PORT = 3102;
const PROXY_PORT = 3103;
const EVENTS = 14;

const web = new RestartableWeb(WEB_PORT, PROXY_PORT);

test.use({ baseURL: web.url });
test.beforeAll(async () => {
  await web.start();
});
test.afterAll(async () => {
  await web.stop();
});

test("the page recovers by itself after the web server is killed and restarted, showing every notification once", async ({
  page,
  person,
  signIn,
  publish,
}) => {
  test.setTimeout(180_000);
  const me = await person();
  await signIn(me.email);
  await page.goto("/");
  const status = page.getByTestId("connection-status");
  const badge = page.getByTestId("notification-badge");
  await expect(status).toHaveAttribute("data-state", "live");

  const titles: string[] = [];
  const sendNext = async () => {
    const title = `복구 시험 ${String(titles.length + 1).padStart(2, "0")}`;
    titles.push(title);
    await publish([custom(me.id, title)]);
  };
  for (let i = 0; i < 3; i++) await sendNext();
  await expect(badge).toHaveText("3");

  // Events keep coming at a steady pace through the crash and the restart.
  let publishing = true;
  const trickle = (async () => {
    while (publishing && titles.length < EVENTS - 1) {
      await sendNext();
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
  })();

  await web.kill();
  await expect(status).not.toHaveAttribute("data-state", "live");
  await expect(status).toBeVisible();
  // The browser's EventSource reconnects by itself after a network error, but gives up for good
  // (CLOSED) on the proxy's 502: the page must open a new one on its own.
  await expect.poll(() => web.refusedStreams, { timeout: 30_000 }).toBeGreaterThan(0);
  await web.start();
  await expect(status).toHaveAttribute("data-state", "live", { timeout: 60_000 });
  publishing = false;
  await trickle;
  await sendNext();

  await expect(badge).toHaveText(String(titles.length), { timeout: 30_000 });
  await expect(page).toHaveTitle(`(${titles.length}) 그룹웨어`);
  await page.getByTestId("notification-bell").click();
  const dropdown = page.getByTestId("notification-dropdown");
  await expect(dropdown.getByTestId("notification-item")).toHaveCount(titles.length);
  expect(await dropdown.getByTestId("notification-title").allTextContents()).toEqual([...titles].reverse());
});
