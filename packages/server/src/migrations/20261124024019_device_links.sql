ALTER TABLE "device_enrolments" ADD COLUMN "browser_device_id" uuid;--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "linked_device_id" uuid;