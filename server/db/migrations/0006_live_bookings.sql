ALTER TABLE "appointments" ADD COLUMN "live_booking" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "connectors" ADD COLUMN "first_synced_at" timestamp with time zone;--> statement-breakpoint
-- Connectors that already synced brought their history then: what they create from now on is a new booking.
UPDATE "connectors" SET "first_synced_at" = "last_sync_at" WHERE "last_sync_at" IS NOT NULL;
