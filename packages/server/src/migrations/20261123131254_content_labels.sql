ALTER TABLE "channels" ADD COLUMN "label_id" uuid;--> statement-breakpoint
ALTER TABLE "files" ADD COLUMN "label_id" uuid;