import type { TestBrowser, Reply } from "../http.ts";
import { TEST_PUBLIC_URL } from "../testApp.ts";

/** A cookie jar for the identity provider's origin (its session and interaction cookies). */
export class ProviderJar {
  private readonly cookies = new Map<string, string>();

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair?.indexOf("=") ?? -1;
      if (!pair || eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === "" || /max-age=0|expires=thu, 01 jan 1970/i.test(line))
        this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

/**
 * Follows the provider's redirects over real HTTP (authorization endpoint → interaction → resume
 * → back to Engawa) until the browser would return to Engawa, and returns that URL's path.
 */
export async function throughProvider(
  authorizationUrl: string,
  jar = new ProviderJar(),
): Promise<string> {
  let url = authorizationUrl;
  for (let hop = 0; hop < 10; hop++) {
    if (url.startsWith(TEST_PUBLIC_URL)) return url.slice(TEST_PUBLIC_URL.length);
    const response = await fetch(url, { redirect: "manual", headers: { cookie: jar.header() } });
    jar.store(response);
    const location = response.headers.get("location");
    if (response.status < 300 || response.status >= 400 || !location)
      throw new Error(
        `provider answered ${response.status} at ${url}: ${(await response.text()).slice(0, 300)}`,
      );
    url = new URL(location, url).toString();
  }
  throw new Error("too many redirects at the provider");
}

export interface FlowResult {
  /** Engawa's final answer to the callback. */
  callback: Reply;
  /** Where Engawa sent the browser: `/` on success, `/sign-in?sso_error=…` on refusal. */
  location: string;
}

/** The whole code flow as a browser does it: start at Engawa, through the provider, back. */
export async function ssoSignIn(browser: TestBrowser, tenant: string): Promise<FlowResult> {
  const start = await browser.get(`/api/auth/sso/start?tenant=${tenant}`);
  const to = String(start.headers.location ?? "");
  if (start.status !== 303) throw new Error(`start answered ${start.status}: ${start.body}`);
  if (to.startsWith("/")) return { callback: start, location: to };
  const back = await throughProvider(to);
  const callback = await browser.get(back);
  return { callback, location: String(callback.headers.location ?? "") };
}
