CREATE TABLE "message_terms" (
	"tenant_id" uuid NOT NULL,
	"message_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"term" text NOT NULL,
	CONSTRAINT "message_terms_message_id_term_pk" PRIMARY KEY("message_id","term")
);
--> statement-breakpoint
CREATE TABLE "search_keys" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"key_enc" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "message_terms" ADD CONSTRAINT "message_terms_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_terms" ADD CONSTRAINT "message_terms_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_terms" ADD CONSTRAINT "message_terms_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_keys" ADD CONSTRAINT "search_keys_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "message_terms_lookup" ON "message_terms" USING btree ("tenant_id","term");