ALTER TABLE "tenants" ADD COLUMN "work_context_enabled" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "work_context" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "work_context_ip" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "work_context_expires_at" timestamp with time zone;--> statement-breakpoint
-- Existing labels get the default row for their place (defaultContextRules in @engawa/shared).
ALTER TABLE "sensitivity_labels" ADD COLUMN "context_rules" jsonb NOT NULL DEFAULT '{"public":{"access":"open","watermark":false,"stepUp":"none"},"shared":{"access":"open","watermark":false,"stepUp":"none"},"private":{"access":"open","watermark":false,"stepUp":"none"}}'::jsonb;--> statement-breakpoint
UPDATE "sensitivity_labels" AS l SET "context_rules" = CASE
  WHEN c.n >= 2 AND l.rank = c.n - 1 THEN '{"public":{"access":"deny","watermark":false,"stepUp":"none"},"shared":{"access":"view_only","watermark":true,"stepUp":"phishing_resistant"},"private":{"access":"open","watermark":false,"stepUp":"mfa"}}'::jsonb
  WHEN c.n >= 3 AND l.rank = c.n - 2 THEN '{"public":{"access":"title_only","watermark":false,"stepUp":"none"},"shared":{"access":"view_only","watermark":true,"stepUp":"none"},"private":{"access":"open","watermark":false,"stepUp":"none"}}'::jsonb
  ELSE l."context_rules" END
FROM (SELECT "tenant_id", count(*)::int AS n FROM "sensitivity_labels" GROUP BY "tenant_id") AS c
WHERE c."tenant_id" = l."tenant_id";--> statement-breakpoint
ALTER TABLE "sensitivity_labels" ALTER COLUMN "context_rules" DROP DEFAULT;