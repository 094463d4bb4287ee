CREATE TABLE "sensitivity_labels" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"rank" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "label_id" uuid;--> statement-breakpoint
ALTER TABLE "sensitivity_labels" ADD CONSTRAINT "sensitivity_labels_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sensitivity_labels_tenant" ON "sensitivity_labels" USING btree ("tenant_id","rank");