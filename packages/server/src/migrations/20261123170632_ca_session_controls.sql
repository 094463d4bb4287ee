ALTER TABLE "sessions" ADD COLUMN "longest_pause_seconds" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Session controls added to every stored policy: none, as the policy had before.
UPDATE "ca_policies" SET "definition" = jsonb_set("definition", '{session}', '{"watermark": false, "signInFrequencyMinutes": null, "idleTimeoutMinutes": null}'::jsonb || ("definition"->'session'));
--> statement-breakpoint
-- Assignments name groups now: none, as before.
UPDATE "ca_policies" SET "definition" = jsonb_set(jsonb_set("definition", '{include}', '{"groups": []}'::jsonb || ("definition"->'include')), '{exclude}', '{"groups": []}'::jsonb || ("definition"->'exclude'));
