import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { launchChromium, seriousAxeViolations } from "./browser.ts";
import { startEngawa, type EngawaProcess } from "./server.ts";
import { tellsOneStory } from "./story.ts";
import { BROWSER_LOCALE, type Locale } from "./text.ts";

/** How long a page waits for an element or a navigation before the step fails. */
const PAGE_TIMEOUT_MS = 30_000;

/**
 * Browser contexts as every test's people use them: the reader's language and Tokyo's time zone
 * (dates on the pages are then the same on any machine), plus what a file adds (`defaults`, e.g.
 * a viewport or downloads). Each context is kept in `contexts`, so that a failed step can report
 * its pages and the file can close them all at the end.
 */
export function pagesIn(
  locale: Locale,
  browser: () => Browser,
  defaults: BrowserContextOptions = {},
) {
  const contexts: BrowserContext[] = [];
  const newContext = async (options: BrowserContextOptions = {}): Promise<BrowserContext> => {
    const context = await browser().newContext({
      locale: BROWSER_LOCALE[locale],
      timezoneId: "Asia/Tokyo",
      ...defaults,
      ...options,
    });
    contexts.push(context);
    return context;
  };
  return {
    contexts,
    newContext,
    /** A page in `context` (one more tab of the same person), else in a new context (a new person). */
    newPage: async (context?: BrowserContext): Promise<Page> => {
      const page = await (context ?? (await newContext())).newPage();
      page.setDefaultTimeout(PAGE_TIMEOUT_MS);
      return page;
    },
  };
}

/** Fails with axe-core's serious and critical findings on the page, named by `where`. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  expect(await seriousAxeViolations(page), `${where}: serious accessibility violations`).toEqual(
    [],
  );
}

/** A heading named exactly `name`; level 1 (the page's title) unless told. */
export const heading = (page: Page, name: string, level = 1) =>
  page.getByRole("heading", { level, name, exact: true });

/** The page's title (its level-1 heading) whose name contains `name`. */
export const titleContaining = (page: Page, name: string) =>
  page.getByRole("heading", { level: 1, name });

/**
 * The set-up of one browser story (a `describe` block): before its first step Engawa starts on a
 * fresh data folder (with `env`) and Chromium launches; after its last, every page's context,
 * Chromium and Engawa are closed, in that order. Its steps tell one story: once one fails the
 * rest are skipped and the failure says what each page showed (see {@link tellsOneStory}).
 * `server` is there from the first step on.
 */
export function browserStory(
  locale: Locale,
  options: { env?: Record<string, string>; context?: BrowserContextOptions } = {},
) {
  let server: EngawaProcess | undefined;
  let browser: Browser | undefined;
  const pages = pagesIn(
    locale,
    () => {
      if (!browser) throw new Error("Chromium is not running");
      return browser;
    },
    options.context ?? {},
  );
  tellsOneStory(pages.contexts);
  beforeAll(async () => {
    server = await startEngawa(options.env);
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const context of pages.contexts) await context.close();
    await browser?.close();
    await server?.stop();
  });
  return {
    ...pages,
    get server(): EngawaProcess {
      if (!server) throw new Error("Engawa has not started: use the server in a step or a hook");
      return server;
    },
  };
}

/** The window size of the chat tests: the sidebar, the channel and a side panel side by side. */
export const DESKTOP = { viewport: { width: 1280, height: 800 } } as const;
