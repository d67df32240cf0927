ALTER TABLE "outbox" ADD COLUMN "locked_by" text;--> statement-breakpoint
ALTER TABLE "planned_reminders" ADD COLUMN "locked_by" text;