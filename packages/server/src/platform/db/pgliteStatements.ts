import {
  parse,
  protocol,
  type messages,
  type PGlite,
  type QueryOptions,
  type Results,
  type Transaction,
} from "@electric-sql/pglite";

/** Statements kept prepared at once; the least recently used is closed beyond this. */
export const STATEMENT_CACHE_SIZE = 500;

interface Prepared {
  name: string;
  /** The type of each parameter, as Postgres inferred it (picks each value's serializer). */
  paramTypes: number[];
  /**
   * The columns of its rows (text format), described once: a statement's result type cannot
   * change while it is prepared (Postgres refuses to run it instead). Empty for no rows.
   */
  fields: { name: string; dataTypeID: number }[];
}

/** What drizzle's PGlite driver calls on its client: `query`, and `transaction` with its `query`. */
export type PgliteQueryClient = Pick<PGlite, "query" | "transaction" | "close">;

const { serialize } = protocol;
let instances = 0;
type BackendMessage = Parameters<typeof parse.parseResults>[0][number];
type RowDescriptionMessage = messages.RowDescriptionMessage;
type DataRowMessage = messages.DataRowMessage;
type CommandCompleteMessage = messages.CommandCompleteMessage;

/**
 * A PGlite client whose queries run as named prepared statements, one per distinct SQL text.
 *
 * PGlite's own `query` runs every statement as an unnamed one: Postgres parses, analyses and plans
 * it afresh each time, and the client makes six calls into the WebAssembly backend for it (Parse,
 * Describe, Bind, Describe, Execute, Sync). Engawa sends the same few hundred SQL texts over and
 * over (drizzle builds them from the same code), so here the first use of a text parses it under
 * a name and describes its parameters and columns, and every use binds and executes that
 * statement in one call (Bind, Execute, Sync): the extended query protocol as a server driver
 * uses it (PostgreSQL docs, "Extended Query"). In the chat fan-out benchmark the database work of
 * a post went from about 5 to about 2.4 ms of CPU (bench/chatFanout.bench.ts).
 *
 * Values are serialized and rows parsed as PGlite's `query` does (the caller's serializer or
 * parser for a type, else PGlite's), errors are the same `DatabaseError`s with the query
 * attached, and the same locks are taken: a query outside a transaction waits for an open one, a
 * query inside it for the one before. Prepared statements belong to the session, not to a
 * transaction, so a rollback keeps them. A query with a blob or explicit parameter types goes to
 * PGlite's own `query`.
 */
export class PgliteStatements implements PgliteQueryClient {
  private readonly client: PGlite;
  private readonly capacity: number;
  /** By SQL text, least recently used first (a Map keeps insertion order). */
  private readonly prepared = new Map<string, Prepared>();
  /** Names of evicted statements, closed in the backend with the next statement prepared. */
  private closing: string[] = [];
  private counter = 0;
  /** Names are this instance's own, should two share one PGlite. */
  private readonly prefix = `engawa_${(instances += 1)}_`;

  constructor(client: PGlite, capacity = STATEMENT_CACHE_SIZE) {
    this.client = client;
    this.capacity = capacity;
  }

  /** How many statements are prepared now (for tests). */
  get size(): number {
    return this.prepared.size;
  }

  async query<T>(sql: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> {
    if (!handled(options)) return this.client.query<T>(sql, params, options);
    await this.client._checkReady();
    return this.client._runExclusiveTransaction(async () => {
      const results = await this.client._runExclusiveQuery(() =>
        // Outside a transaction a statement the backend lost is prepared again at once.
        this.run<T>(sql, params, options).catch((error: unknown) => {
          if (!isLostStatement(error)) throw error;
          return this.run<T>(sql, params, options);
        }),
      );
      // As PGlite's own query: what changed outside a transaction reaches the file system.
      await this.client.syncToFs();
      return results;
    });
  }

  transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.client.transaction((tx) => callback(this.inTransaction(tx)));
  }

  close(): Promise<void> {
    return this.client.close();
  }

  /** The transaction PGlite opened, its `query` going through the prepared statements too. */
  private inTransaction(tx: Transaction): Transaction {
    const run = <T>(sql: string, params?: unknown[], options?: QueryOptions) => {
      if (tx.closed) return Promise.reject(new Error("Transaction is closed"));
      if (!handled(options)) return tx.query<T>(sql, params, options);
      return this.client._runExclusiveQuery(() => this.run<T>(sql, params ?? [], options));
    };
    return {
      query: run,
      sql: (strings, ...values: unknown[]) => tx.sql(strings, ...values),
      exec: (sql, options) => tx.exec(sql, options),
      rollback: () => tx.rollback(),
      listen: (channel, callback) => tx.listen(channel, callback),
      get closed() {
        return tx.closed;
      },
    };
  }

  /** Binds and executes the text's statement (preparing it first if needed), in one call. */
  private async run<T>(
    sql: string,
    params: unknown[],
    options: QueryOptions | undefined,
  ): Promise<Results<T>> {
    try {
      const statement = this.prepared.get(sql) ?? (await this.prepare(sql, options));
      // Most recently used last.
      this.prepared.delete(sql);
      this.prepared.set(sql, statement);
      const values = params.map((value, index) => {
        if (value === null || value === undefined) return null;
        const type = statement.paramTypes[index] ?? 0;
        const serializer = options?.serializers?.[type] ?? this.client.serializers[type];
        // PGlite's own fallback for a type without a serializer: the value's toString().
        return serializer ? serializer(value) : (value as { toString(): string }).toString();
      });
      const messages = await this.client.execProtocolStream(
        Buffer.concat([
          serialize.bind({ statement: statement.name, values }),
          serialize.execute({}),
          serialize.sync(),
        ]),
        { syncToFs: false, onNotice: options?.onNotice },
      );
      return this.results<T>(messages, statement.fields, options);
    } catch (error) {
      // Its next use prepares it again (in a transaction, the failure has aborted it anyway).
      if (isLostStatement(error)) this.prepared.delete(sql);
      throw withQuery(error, sql, params, options);
    }
  }

  /** Parses the text under a new name, describes its parameters and columns; closes the evicted. */
  private async prepare(sql: string, options: QueryOptions | undefined): Promise<Prepared> {
    const name = `${this.prefix}${(this.counter += 1)}`;
    const evicted = this.closing;
    this.closing = [];
    let messages;
    try {
      messages = await this.client.execProtocolStream(
        Buffer.concat([
          ...evicted.map((old) => serialize.close({ type: "S", name: old })),
          serialize.parse({ name, text: sql }),
          serialize.describe({ type: "S", name }),
          serialize.sync(),
        ]),
        { syncToFs: false, onNotice: options?.onNotice },
      );
    } catch (error) {
      // Not closed (an aborted transaction refuses everything): closed with the next one.
      this.closing.push(...evicted);
      throw error;
    }
    const columns = messages.find(
      (message): message is RowDescriptionMessage => message.name === "rowDescription",
    );
    const statement = {
      name,
      paramTypes: parse.parseDescribeStatementResults(messages),
      fields: (columns?.fields ?? []).map(({ name, dataTypeID }) => ({ name, dataTypeID })),
    };
    if (this.prepared.size >= this.capacity) {
      const oldest = this.prepared.entries().next().value;
      if (oldest) {
        this.prepared.delete(oldest[0]);
        this.closing.push(oldest[1].name);
      }
    }
    return statement;
  }

  /**
   * The result as PGlite's `parseResults` makes it (rows as arrays or objects, each value through
   * the caller's parser for its type, else PGlite's, else the text), from the statement's columns
   * described once. The caller's parsers are looked up, not merged into PGlite's on every query.
   */
  private results<T>(
    messages: BackendMessage[],
    fields: Prepared["fields"],
    options: QueryOptions | undefined,
  ): Results<T> {
    const own = options?.parsers;
    const parsers = fields.map(
      ({ dataTypeID }) => own?.[dataTypeID] ?? this.client.parsers[dataTypeID],
    );
    const value = (text: string | null, column: number): unknown => {
      if (text === null) return null;
      const parser = parsers[column];
      return parser ? parser(text, fields[column]?.dataTypeID ?? 0) : text;
    };
    const rows: unknown[] = [];
    for (const message of messages) {
      if (message.name === "dataRow") {
        const values = (message as DataRowMessage).fields;
        rows.push(
          options?.rowMode === "array"
            ? values.map(value)
            : Object.fromEntries(values.map((text, i) => [fields[i]?.name, value(text, i)])),
        );
      } else if (message.name === "commandComplete") {
        const words = (message as CommandCompleteMessage).text.split(" ");
        const command = words[0] ?? "";
        const count = parseInt(words[words.length - 1] ?? "", 10);
        return {
          rows,
          fields: fields.map(({ name, dataTypeID }) => ({ name, dataTypeID })),
          command,
          affectedRows: WRITES.has(command) ? count : 0,
          ...(Number.isNaN(count) ? {} : { rowCount: count }),
        } as Results<T>;
      }
    }
    return { rows: [], fields: [], affectedRows: 0 };
  }
}

/** Commands whose count PGlite reports as `affectedRows`. */
const WRITES = new Set(["INSERT", "UPDATE", "DELETE", "COPY", "MERGE"]);

/** Options this client serializes and parses as PGlite would; others go to PGlite itself. */
function handled(options: QueryOptions | undefined): boolean {
  return !options?.blob && !options?.paramTypes;
}

/**
 * The backend no longer has the statement as it was prepared: dropped (`DEALLOCATE`, SQLSTATE
 * 26000) or its result columns changed by DDL since (0A000, "cached plan must not change result
 * type"). Neither happens in Engawa's own flow; each would otherwise fail that text until evicted.
 */
function isLostStatement(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "26000" || code === "0A000";
}

/** PGlite attaches the query to a database error; so does this. */
function withQuery(
  error: unknown,
  sql: string,
  params: unknown[],
  options: QueryOptions | undefined,
): unknown {
  if (error instanceof Error && "severity" in error)
    Object.assign(error, { query: sql, params, queryOptions: options });
  return error;
}
