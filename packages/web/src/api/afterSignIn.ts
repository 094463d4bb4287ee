/**
 * Where to go once signed in, when sign-in was not the visitor's own idea: a page that needs a
 * session (a meeting's join link) sends them to `/sign-in?next=<path>`, and every way out of the
 * sign-in steps (password, second factor, new password, setting up a factor) comes back here.
 * Kept in sessionStorage (this tab only) because the steps span several pages.
 */
const KEY = "engawa.afterSignIn";

/** Only a path of this site: never another origin (`//host`, `/\host`) or a scheme. */
export function safeReturnPath(value: string | null): string | null {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\"))
    return null;
  return /^[\x21-\x7e]+$/.test(value) ? value : null;
}

/** The sign-in page's address that comes back to `path` afterwards. */
export function signInThenBackTo(path: string, tenant: string): string {
  const params = new URLSearchParams({ tenant, next: path });
  return `/sign-in?${params.toString()}`;
}

/**
 * Remembers `?next=` of the sign-in page for after the sign-in steps; a sign-in page without one
 * forgets any earlier one (the visitor came for something else).
 */
export function rememberReturn(value: string | null): void {
  const path = safeReturnPath(value);
  try {
    if (path) window.sessionStorage.setItem(KEY, path);
    else window.sessionStorage.removeItem(KEY);
  } catch {
    // No storage: the person lands on the home page and opens the link again.
  }
}

/** Where a completed sign-in goes: the remembered page (once), else the home page. */
export function takeReturn(): string {
  try {
    const path = safeReturnPath(window.sessionStorage.getItem(KEY));
    window.sessionStorage.removeItem(KEY);
    return path ?? "/";
  } catch {
    return "/";
  }
}
