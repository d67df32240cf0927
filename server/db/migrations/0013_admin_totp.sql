-- Optional TOTP two-factor (RFC 6238) for staff sign-in: the shared secret (set at enrolment, kept while pending),
-- when it was confirmed (null: two-factor is off), and the last time step a code was accepted for (no replay).
ALTER TABLE "users" ADD COLUMN "totp_secret" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "totp_enabled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "totp_last_step" bigint;
