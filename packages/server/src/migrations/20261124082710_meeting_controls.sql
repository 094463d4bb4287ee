ALTER TABLE "meeting_participants" ADD COLUMN "left_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "attendees_muted" boolean DEFAULT false NOT NULL;