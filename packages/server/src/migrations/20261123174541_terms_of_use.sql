CREATE TABLE "terms_of_use" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"text" text NOT NULL,
	"version" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "accepted_terms" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "terms_of_use" ADD CONSTRAINT "terms_of_use_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "terms_of_use_tenant" ON "terms_of_use" USING btree ("tenant_id");--> statement-breakpoint
-- Grants name their terms of use now: none, as before.
UPDATE "ca_policies" SET "definition" = jsonb_set("definition", '{grant,termsOfUseId}', 'null'::jsonb);
