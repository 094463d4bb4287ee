import type { SearchResult } from "@engawa/shared";
import { AppError } from "../../../platform/errors.ts";
import type { Scope } from "../../../platform/scope.ts";
import { presentMessage } from "../presenters.ts";
import { highlightRanges, matches } from "../searchTokens.ts";
import type { CollaborationDeps } from "./deps.ts";
import { extrasOf } from "./messageExtras.ts";
import { searchableText } from "./messages.ts";
import { bodyContext } from "./notifications.ts";

/** Candidates read from the index per search; verification may drop some (hash collisions). */
const CANDIDATE_CAP = 200;

/**
 * Searches the messages a person may read: candidates from the blind index (already limited to
 * channels they are in), each channel re-decided by the policy, each body decrypted and checked
 * against the query (its text and the names of its files), newest first, with the matching parts
 * of the text marked for highlighting.
 */
export async function searchMessages(
  deps: CollaborationDeps,
  scope: Scope,
  userId: string,
  query: string,
  limit: number,
  mayRead: (channelId: string) => Promise<boolean>,
): Promise<SearchResult[]> {
  const tokens = await deps.search.queryTokens(scope, query);
  if (tokens.length === 0)
    throw new AppError("invalid_value", "Type a word to search for.", { field: "q" });
  const candidates = await deps.searchStore.candidates(scope, userId, tokens, CANDIDATE_CAP);
  const readable = new Map<string, boolean>();
  const results: SearchResult[] = [];
  for (const candidate of candidates) {
    if (!readable.has(candidate.channelId))
      readable.set(candidate.channelId, await mayRead(candidate.channelId));
    if (!readable.get(candidate.channelId) || !candidate.bodyEnc) continue;
    const body = (
      await deps.keyring.decrypt(scope, "general", candidate.bodyEnc, bodyContext(candidate.id))
    ).toString("utf8");
    // One read of what the message shows: its files' names are also what the query may match.
    const extras = (await extrasOf(deps, scope, [candidate]))(candidate.id);
    const text = searchableText(
      body,
      extras.attachments.map((a) => a.name),
    );
    if (!matches(text, query)) continue;
    results.push({
      message: presentMessage(candidate, body, extras),
      channel: {
        id: candidate.channelId,
        name: candidate.channelName,
        teamId: candidate.teamId,
        teamName: candidate.teamName,
      },
      highlights: highlightRanges(body, query),
    });
    if (results.length >= limit) break;
  }
  return results;
}
