import type { BrowserContext } from "playwright-core";
import { beforeEach } from "vitest";

/** At most this many characters of a page's alerts go into a failure's message. */
const ALERT_TEXT_MAX = 400;

/**
 * Each browser test file tells one story: every step builds on the pages the steps before left.
 * Once a step fails, the later ones can only fail for the same reason and bury its error under
 * theirs, so they stop at once, each saying which earlier step failed. The failing step's message gains what
 * each open page showed at that moment — its address and the text of its alerts — so a failure on
 * a CI machine can be understood from its report alone.
 */
export function tellsOneStory(contexts: readonly BrowserContext[]): void {
  let failedStep: string | null = null;
  beforeEach((test) => {
    if (failedStep) throw new Error(`not run: the earlier step "${failedStep}" failed`);
    test.onTestFailed(async ({ task }) => {
      failedStep = task.name;
      const state = await pagesState(contexts);
      const first = task.result?.errors?.[0];
      if (first && state) first.message = `${first.message}\n\nThe pages at the failure:\n${state}`;
    });
  });
}

/** One line per open page: its address and the words of its alerts (error messages). */
async function pagesState(contexts: readonly BrowserContext[]): Promise<string> {
  const lines: string[] = [];
  for (const [index, page] of contexts.flatMap((context) => context.pages()).entries()) {
    const alerts = await page
      .getByRole("alert")
      .allInnerTexts()
      .then((texts) => texts.map((text) => text.trim()).filter(Boolean))
      .catch(() => []);
    const shown = alerts.join(" | ").slice(0, ALERT_TEXT_MAX);
    lines.push(`  page ${index + 1}: ${page.url()}${shown ? ` — alerts: ${shown}` : ""}`);
  }
  return lines.join("\n");
}
