-- Consent per purpose and kind of channel (appointments, recalls, marketing, surveys): the patient's explicit
-- choices, {purpose: {kind: granted}}; what is absent follows the purpose's default (see
-- server/modules/consents/consentPurposes.ts). Existing consent state is untouched: privacy_consent and the
-- per-channel opt_outs keep their meaning, and no existing patient gets a choice they did not make.
ALTER TABLE "patients" ADD COLUMN "consents" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "consent_events" ADD COLUMN "text_shown" text;--> statement-breakpoint
ALTER TABLE "consent_events" ADD COLUMN "note" text;
