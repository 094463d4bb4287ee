import { createHmac, randomBytes } from "node:crypto";
import type { Clock } from "../../platform/clock.ts";
import { requireTenant, type Scope } from "../../platform/scope.ts";
import type { Keyring } from "../keys/index.ts";
import { blindTerms, queryTerms, termsOf } from "./searchTokens.ts";
import type { SearchStore } from "./searchStore.ts";

const KEY_CONTEXT = "search-key";

/**
 * The blind search index of messages (docs/SECURITY.md, "Search over encrypted content"): each
 * message's terms, hashed with the tenant's search key, are stored as a set; a query's hashed
 * terms find candidates, which the caller decrypts and verifies before showing them. The search
 * key is made on first use, sealed under the tenant's keys, and kept in memory once unsealed.
 */
export class SearchIndex {
  private readonly keys = new Map<string, Buffer>();
  private readonly store: SearchStore;
  private readonly keyring: Keyring;
  private readonly clock: Clock;

  constructor(deps: { store: SearchStore; keyring: Keyring; clock: Clock }) {
    this.store = deps.store;
    this.keyring = deps.keyring;
    this.clock = deps.clock;
  }

  /**
   * Replaces a message's index entries with those of its (new) text; null removes them. (A new
   * message's terms are stored with it: see {@link termsOf}.)
   */
  async index(scope: Scope, messageId: string, channelId: string, text: string | null) {
    const terms = text === null ? [] : await this.termsOf(scope, text);
    await this.store.replaceTerms(scope, messageId, channelId, terms);
  }

  /** The blind terms of a new message's text, stored with it (store.insertSequencedMessage). */
  async termsOf(scope: Scope, text: string): Promise<string[]> {
    return blindTerms(await this.key(scope), termsOf(text));
  }

  /** The blind terms a query must all match; empty when it has nothing to search for. */
  async queryTokens(scope: Scope, query: string): Promise<string[]> {
    const terms = queryTerms(query);
    return terms.length === 0 ? [] : blindTerms(await this.key(scope), terms);
  }

  /**
   * A keyed hash of a file name within a channel: finds "the same file" for a new version without
   * storing the name in plain text (the name itself is sealed).
   */
  async nameKey(scope: Scope, channelId: string, name: string): Promise<string> {
    return createHmac("sha256", await this.key(scope))
      .update(`file-name|${channelId}|${name}`, "utf8")
      .digest("base64url");
  }

  private async key(scope: Scope): Promise<Buffer> {
    const tenantId = requireTenant(scope);
    const cached = this.keys.get(tenantId);
    if (cached) return cached;
    let sealed = await this.store.searchKey(scope);
    if (!sealed) {
      const fresh = await this.keyring.encrypt(scope, "general", randomBytes(32), KEY_CONTEXT);
      sealed = await this.store.putSearchKey(scope, fresh, this.clock.now());
    }
    const key = await this.keyring.decrypt(scope, "general", sealed, KEY_CONTEXT);
    this.keys.set(tenantId, key);
    return key;
  }
}
