import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from "react";
import type { MeResponse, OperatorMeResponse } from "@engawa/shared";
import { navigate, withQuery } from "../router.ts";
import { bindThisBrowser } from "../device/registration.ts";
import { ApiError, apiRequest, type RequestOptions } from "./client.ts";

/** Why the user lands on a sign-in page, so it can say so. */
export type SignInReason = "session_ended" | "signed_out" | "too_many_codes";

/** Where a session stands: not asked yet, asking, signed in, or known to be signed out. */
export type SessionState<Me> =
  | { status: "unknown" }
  | { status: "loading" }
  | { status: "signedIn"; me: Me }
  | { status: "signedOut" };

/**
 * What a signed-in area needs: who is signed in, and a request function that adds the session's
 * CSRF token (kept in memory only, never in storage) and turns a 401 into a trip to sign-in.
 */
export interface SessionValue<Me> {
  state: SessionState<Me>;
  /** Signed in just now (the sign-in response is the same shape as GET me). */
  setMe: (me: Me) => void;
  /** Fetches the session afresh (expiry times move with activity). */
  reload: () => Promise<void>;
  request: <T>(path: string, options?: RequestOptions) => Promise<T>;
  signOut: () => Promise<void>;
  /**
   * Leaves for the sign-in page, e.g. when the live connection reports the session ended, or the
   * second sign-in step ended it (`too_many_codes`).
   */
  sessionEnded: (reason?: SignInReason) => void;
  /**
   * Installs what asks the user to confirm it is them when the server answers
   * `step_up_required` (the StepUpDialog): it resolves true once confirmed, and the refused
   * request is then sent again; false (cancelled) lets the error through. Returns an uninstaller.
   */
  handleStepUp: (ask: (reason: StepUpReason) => Promise<boolean>) => () => void;
}

/** Refusals the StepUpDialog can answer: a stale sign-in, or what an access policy asks. */
const STEP_UP_REASONS = [
  "step_up_required",
  "mfa_required",
  "phishing_resistant_required",
  "reauthentication_required",
  "terms_required",
] as const;
export type StepUpReason = (typeof STEP_UP_REASONS)[number];

function isStepUpReason(code: string): code is StepUpReason {
  return (STEP_UP_REASONS as readonly string[]).includes(code);
}

interface SessionConfig<Me> {
  mePath: string;
  signOutPath: string;
  signInPath: (me: Me | null, reason: SignInReason) => string;
  /** Told of every session it learns (a sign-in, a reload), e.g. to bind it to this device. */
  onSession?: (me: Me) => void;
}

function createSession<Me extends { session: { csrfToken: string } }>(config: SessionConfig<Me>) {
  const Context = createContext<SessionValue<Me> | null>(null);

  function Provider({ children }: { children: ReactNode }) {
    const [state, setState] = useState<SessionState<Me>>({ status: "unknown" });
    const meRef = useRef<Me | null>(null);

    const setMe = useCallback((me: Me) => {
      meRef.current = me;
      setState({ status: "signedIn", me });
      config.onSession?.(me);
    }, []);

    const signingOut = useRef(false);
    const askStepUp = useRef<((reason: StepUpReason) => Promise<boolean>) | null>(null);

    const handleStepUp = useCallback((ask: (reason: StepUpReason) => Promise<boolean>) => {
      askStepUp.current = ask;
      return () => {
        if (askStepUp.current === ask) askStepUp.current = null;
      };
    }, []);

    const leave = useCallback((reason: SignInReason) => {
      const me = meRef.current;
      if (!me) {
        // Already left (sign-out and the socket's 4401 both report it), or never signed in.
        setState({ status: "signedOut" });
        return;
      }
      meRef.current = null;
      setState({ status: "signedOut" });
      navigate(config.signInPath(me, reason), { replace: true });
    }, []);

    const reload = useCallback(async () => {
      if (!meRef.current) setState({ status: "loading" });
      try {
        setMe(await apiRequest<Me>(config.mePath));
      } catch (error) {
        if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
          meRef.current = null;
          setState({ status: "signedOut" });
          return;
        }
        throw error;
      }
    }, [setMe]);

    const request = useCallback(
      async <T,>(path: string, options: RequestOptions = {}): Promise<T> => {
        const send = () =>
          apiRequest<T>(path, { ...options, csrfToken: meRef.current?.session.csrfToken });
        try {
          // A sensitive change after the step-up window, or an access policy asking for a second
          // factor, a passkey, a fresh sign-in or its terms of use here: confirm, then the same
          // request once more — as many times as there are different things asked, one by one.
          for (let asked = 0; ; asked += 1) {
            try {
              return await send();
            } catch (error) {
              const ask = askStepUp.current;
              if (
                asked < STEP_UP_REASONS.length &&
                error instanceof ApiError &&
                isStepUpReason(error.code) &&
                ask &&
                (await ask(error.code))
              )
                continue;
              throw error;
            }
          }
        } catch (error) {
          if (error instanceof ApiError && error.status === 401) leave("session_ended");
          throw error;
        }
      },
      [leave],
    );

    const signOut = useCallback(async () => {
      signingOut.current = true;
      try {
        await apiRequest(config.signOutPath, {
          method: "POST",
          csrfToken: meRef.current?.session.csrfToken,
        });
      } catch {
        // Signed out already, or the server is unreachable: the cookie is HttpOnly, so the
        // page can only forget the session; the server ends it at its idle limit.
      }
      leave("signed_out");
      signingOut.current = false;
    }, [leave]);

    const sessionEnded = useCallback(
      (reason: SignInReason = "session_ended") => {
        if (!signingOut.current) leave(reason);
      },
      [leave],
    );

    const value = useMemo(
      () => ({ state, setMe, reload, request, signOut, sessionEnded, handleStepUp }),
      [state, setMe, reload, request, signOut, sessionEnded, handleStepUp],
    );
    return <Context.Provider value={value}>{children}</Context.Provider>;
  }

  function useSession(): SessionValue<Me> {
    const value = useContext(Context);
    if (!value) throw new Error("useSession outside its provider");
    return value;
  }

  /**
   * For pages behind sign-in: loads the session once, and sends a signed-out visitor to the
   * sign-in page. `me` is null until signed in (render a spinner); `error` is a failure to ask
   * (server unreachable), which the page shows instead of a spinner.
   */
  function useRequiredSession(): { me: Me | null; error: unknown } {
    const { state, reload } = useSession();
    const [error, setError] = useState<unknown>(null);
    useEffect(() => {
      if (state.status === "unknown") reload().catch(setError);
    }, [state.status, reload]);
    useEffect(() => {
      // leave() has already moved to the sign-in page when it signed the user out.
      if (state.status === "signedOut" && !window.location.pathname.endsWith("/sign-in"))
        navigate(config.signInPath(null, "session_ended"), { replace: true });
    }, [state.status]);
    return { me: state.status === "signedIn" ? state.me : null, error };
  }

  return { Provider, useSession, useRequiredSession };
}

const LAST_TENANT_KEY = "engawa.lastTenant";

/** The organisation ID last signed in to, to prefill the sign-in form (not a secret). */
export function lastTenant(): string {
  try {
    return window.localStorage.getItem(LAST_TENANT_KEY) ?? "";
  } catch {
    return "";
  }
}

/** Called after a successful sign-in, so the next visit starts with the same organisation ID. */
export function rememberTenant(slug: string): void {
  try {
    window.localStorage.setItem(LAST_TENANT_KEY, slug);
  } catch {
    // No storage: the form is simply not prefilled next time.
  }
}

const userSession = createSession<MeResponse>({
  mePath: "/api/me",
  signOutPath: "/api/auth/sign-out",
  signInPath: (me, reason) =>
    withQuery("/sign-in", { tenant: me?.tenant.slug, reason: me ? reason : undefined }),
  // A registered browser binds each new session of its person to its device.
  onSession: (me) => void bindThisBrowser(me.session.csrfToken),
});

const operatorSession = createSession<OperatorMeResponse>({
  mePath: "/api/operator/me",
  signOutPath: "/api/operator/auth/sign-out",
  signInPath: (me, reason) => withQuery("/operator/sign-in", { reason: me ? reason : undefined }),
});

/** The tenant user's session (organisation pages). */
export const UserSessionProvider = userSession.Provider;
export const useUserSession = userSession.useSession;
/** For organisation pages: `me` once signed in; sends a signed-out visitor to /sign-in. */
export const useRequiredUser = userSession.useRequiredSession;

/** The operator's session (operator console); a separate cookie and a separate CSRF token. */
export const OperatorSessionProvider = operatorSession.Provider;
export const useOperatorSession = operatorSession.useSession;
/** For the operator console: `me` once signed in; otherwise off to /operator/sign-in. */
export const useRequiredOperator = operatorSession.useRequiredSession;
