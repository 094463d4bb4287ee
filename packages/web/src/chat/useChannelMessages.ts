import { useCallback, useEffect, useReducer } from "react";
import type { Message, MessagePage } from "@engawa/shared";
import { ApiError } from "../api/client.ts";
import { PAGE_SIZE, type ChatApi } from "./chatApi.ts";
import { useChannelFollow } from "./ChatConnectionContext.tsx";
import {
  fromFirstPage,
  openThread,
  withChange,
  withOlder,
  withThreadChange,
  withThreadPage,
  type ChannelMessages,
  type ThreadMessages,
} from "./messageState.ts";

/** A channel view's data: its messages, the open thread, and whether it may still be read. */
export interface ChannelView {
  /**
   * `lost`: the person was removed (or the channel is gone); nothing of it is kept on screen.
   * `restricted`: where the person said they are working, the channel's label shows its title
   * only or refuses it (`restriction`); saying another place opens it again.
   */
  status: "loading" | "ready" | "failed" | "lost" | "restricted";
  restriction: Restriction | null;
  failure: unknown;
  main: ChannelMessages | null;
  thread: ThreadMessages | null;
  threadFailure: unknown;
}

/** What the label × work-context matrix answered for this channel. */
export type Restriction = "title_only" | "work_context_denied";

type Action =
  | { type: "page"; page: MessagePage }
  | { type: "older"; page: MessagePage }
  | { type: "change"; message: Message }
  | { type: "failed"; failure: unknown }
  | { type: "lost" }
  | { type: "restricted"; restriction: Restriction }
  | { type: "threadOpen"; rootId: string }
  | { type: "threadPage"; rootId: string; page: MessagePage }
  | { type: "threadFailed"; rootId: string; failure: unknown }
  | { type: "threadClose" };

const INITIAL: ChannelView = {
  status: "loading",
  restriction: null,
  failure: null,
  main: null,
  thread: null,
  threadFailure: null,
};

/** How far back (in pages) choosing a pinned message reads to find it. */
const MAX_PAGES_BACK = 20;

/** Whether a refusal means the channel cannot be read (removed, or it no longer exists). */
const isAccessGone = (error: unknown) =>
  error instanceof ApiError && (error.status === 403 || error.status === 404);

/** The matrix's refusal, if that is what the error is. */
function restrictionOf(error: unknown): Restriction | null {
  if (!(error instanceof ApiError)) return null;
  return error.code === "title_only" || error.code === "work_context_denied" ? error.code : null;
}

/** A refusal as the view shows it: restricted where the person is, not confirmed, or lost. */
function refused(error: unknown): Action {
  const restriction = restrictionOf(error);
  if (restriction) return { type: "restricted", restriction };
  // A second factor or passkey asked for and not given (the dialog was cancelled): say so.
  if (error instanceof ApiError && ASKS_CONFIRMATION.has(error.code))
    return { type: "failed", failure: error };
  return { type: "lost" };
}

const ASKS_CONFIRMATION: ReadonlySet<string> = new Set([
  "mfa_required",
  "phishing_resistant_required",
  "reauthentication_required",
  "terms_required",
  "step_up_required",
]);

function reduce(state: ChannelView, action: Action): ChannelView {
  if (state.status === "lost" || state.status === "restricted") return state;
  switch (action.type) {
    case "page":
      return { ...state, status: "ready", failure: null, main: fromFirstPage(action.page) };
    case "older":
      return state.main ? { ...state, main: withOlder(state.main, action.page) } : state;
    case "change":
      return {
        ...state,
        main: state.main ? withChange(state.main, action.message) : null,
        thread: state.thread ? withThreadChange(state.thread, action.message) : null,
      };
    case "failed":
      return { ...state, status: state.main ? state.status : "failed", failure: action.failure };
    case "lost":
      // Zero trust: what the person may no longer read leaves the screen too.
      return { ...INITIAL, status: "lost" };
    case "restricted":
      return { ...INITIAL, status: "restricted", restriction: action.restriction };
    case "threadOpen":
      return { ...state, thread: openThread(action.rootId), threadFailure: null };
    case "threadPage":
      return state.thread?.rootId === action.rootId
        ? { ...state, thread: withThreadPage(state.thread, action.page) }
        : state;
    case "threadFailed":
      return state.thread?.rootId === action.rootId
        ? { ...state, threadFailure: action.failure }
        : state;
    case "threadClose":
      return { ...state, thread: null, threadFailure: null };
  }
}

/**
 * One channel's messages for the page that shows it: the newest page first, older pages on
 * demand, live changes from the shared connection (following from the first page's sequence
 * number, so nothing between the read and the subscription is missed), and one open thread.
 * Mount it keyed by the channel: a different channel is a different view.
 */
export function useChannelMessages(
  api: ChatApi,
  channelId: string,
  /** Hears each change that arrives live (the typing note drops its author). */
  onLive?: (message: Message) => void,
) {
  const [view, dispatch] = useReducer(reduce, INITIAL);

  const fail = useCallback(
    (failure: unknown) =>
      dispatch(isAccessGone(failure) ? refused(failure) : { type: "failed", failure }),
    [],
  );

  useEffect(() => {
    let current = true;
    api
      .page(channelId, {})
      .then((page) => current && dispatch({ type: "page", page }))
      .catch((failure: unknown) => current && fail(failure));
    return () => {
      current = false;
    };
  }, [api, channelId, fail]);

  useChannelFollow(channelId, view.main?.baseSeq ?? null, {
    onMessage: (message) => {
      dispatch({ type: "change", message });
      onLive?.(message);
    },
    // A removal leaves at once; closed by conditional access, asking again says why (title
    // only, refused where the person is, a second factor to give).
    onAccessLost: (reason) => {
      if (reason !== "conditions") dispatch({ type: "lost" });
      else
        void api.page(channelId, {}).then(
          (page) => dispatch({ type: "page", page }),
          (failure: unknown) => dispatch(refused(failure)),
        );
    },
  });

  const oldest = view.main?.messages[0]?.position;
  const loadOlder = useCallback(async () => {
    if (oldest === undefined) return;
    try {
      dispatch({ type: "older", page: await api.page(channelId, { before: oldest }) });
    } catch (failure) {
      if (isAccessGone(failure)) dispatch(refused(failure));
      else throw failure;
    }
  }, [api, channelId, oldest]);

  /**
   * Reads older pages until the message at `position` is among them (a pinned message chosen far
   * up the channel), at most `MAX_PAGES_BACK` pages.
   */
  const loadBackTo = useCallback(
    async (position: number) => {
      let before = oldest;
      for (let pages = 0; before !== undefined && before > position; pages += 1) {
        if (pages >= MAX_PAGES_BACK) return;
        try {
          const page = await api.page(channelId, { before });
          dispatch({ type: "older", page });
          if (page.messages.length < PAGE_SIZE) return;
          before = Math.min(...page.messages.map((m) => m.position));
        } catch (failure) {
          if (isAccessGone(failure)) dispatch(refused(failure));
          else throw failure;
          return;
        }
      }
    },
    [api, channelId, oldest],
  );

  const openThreadOf = useCallback(
    async (rootId: string) => {
      dispatch({ type: "threadOpen", rootId });
      try {
        dispatch({
          type: "threadPage",
          rootId,
          page: await api.page(channelId, { thread: rootId }),
        });
      } catch (failure) {
        if (isAccessGone(failure)) dispatch(refused(failure));
        else dispatch({ type: "threadFailed", rootId, failure });
      }
    },
    [api, channelId],
  );

  const thread = view.thread;
  const olderReplies = useCallback(async () => {
    const before = thread?.replies[0]?.position;
    if (!thread || before === undefined) return;
    try {
      const page = await api.page(channelId, { thread: thread.rootId, before });
      dispatch({ type: "threadPage", rootId: thread.rootId, page });
    } catch (failure) {
      if (isAccessGone(failure)) dispatch(refused(failure));
      else throw failure;
    }
  }, [api, channelId, thread]);

  const closeThread = useCallback(() => dispatch({ type: "threadClose" }), []);
  /** A change this page made itself (shown at once; the live copy of it is then a no-op). */
  const applyOwn = useCallback((message: Message) => dispatch({ type: "change", message }), []);

  return {
    view,
    loadOlder,
    loadBackTo,
    openThread: openThreadOf,
    olderReplies,
    closeThread,
    applyOwn,
  };
}
