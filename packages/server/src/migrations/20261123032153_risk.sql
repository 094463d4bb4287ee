CREATE TABLE "risk_lists" (
	"name" text PRIMARY KEY NOT NULL,
	"entries" text NOT NULL,
	"source" text NOT NULL,
	"imported_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"settings" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sign_in_contexts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"session_id" uuid,
	"at" timestamp with time zone NOT NULL,
	"method" text NOT NULL,
	"ip" text,
	"country" text,
	"region" text,
	"asn" integer,
	"browser" text,
	"os" text,
	"risk" text NOT NULL,
	"outcome" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "risk_detections" ADD COLUMN "sign_in_id" uuid;--> statement-breakpoint
ALTER TABLE "risk_detections" ADD COLUMN "evidence" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "risk_detections" ADD COLUMN "resolved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "risk_detections" ADD COLUMN "resolved_by" uuid;--> statement-breakpoint
ALTER TABLE "risk_settings" ADD CONSTRAINT "risk_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sign_in_contexts" ADD CONSTRAINT "sign_in_contexts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sign_in_contexts" ADD CONSTRAINT "sign_in_contexts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sign_in_contexts_user" ON "sign_in_contexts" USING btree ("tenant_id","user_id","at");--> statement-breakpoint
CREATE INDEX "sign_in_contexts_at" ON "sign_in_contexts" USING btree ("tenant_id","at");