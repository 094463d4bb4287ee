import { integer, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * Key-encryption keys, one active version per owner (a tenant id, or `deployment`), each wrapped
 * by the master key. Destroying a tenant's rows here makes everything encrypted under its data
 * keys unreadable (crypto-shredding, PRODUCT.md promise 5).
 */
export const keyEncryptionKeys = pgTable(
  "key_encryption_keys",
  {
    id: uuid("id").primaryKey(),
    owner: text("owner").notNull(),
    version: integer("version").notNull(),
    wrapped: text("wrapped").notNull(),
    masterKeyId: text("master_key_id").notNull(),
    status: text("status").notNull(),
    createdAt: timestamptz("created_at").notNull(),
  },
  (t) => [unique("kek_owner_version").on(t.owner, t.version)],
);

/** Data keys, wrapped by their owner's KEK. `active` keys encrypt; all of them decrypt. */
export const dataKeys = pgTable("data_keys", {
  id: uuid("id").primaryKey(),
  owner: text("owner").notNull(),
  purpose: text("purpose").notNull(),
  kekId: uuid("kek_id")
    .notNull()
    .references(() => keyEncryptionKeys.id),
  wrapped: text("wrapped").notNull(),
  status: text("status").notNull(),
  createdAt: timestamptz("created_at").notNull(),
});

/** Ed25519 signing keys (audit checkpoints); the private half is encrypted with a deployment data key. */
export const signingKeys = pgTable("signing_keys", {
  id: text("id").primaryKey(),
  purpose: text("purpose").notNull(),
  publicKey: text("public_key").notNull(),
  privateKeyEncrypted: text("private_key_encrypted").notNull(),
  status: text("status").notNull(),
  createdAt: timestamptz("created_at").notNull(),
});
