import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

// Checks the bell, history and admin specs share: axe at WCAG 2.2 AA, and nothing wider than the screen.

export async function expectNoSeriousViolations(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  const serious = results.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
  expect(
    serious.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((node) => node.target.join(" ")).join(" | ")}`),
    `accessibility of ${where}`,
  ).toEqual([]);
}

/** How many pixels the page scrolls sideways (0 when it fits). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
