-- Consent has one setting: automation_settings.requirePrivacyConsent. A clinic that required consent through the
-- old clinics.settings.requireConsent keeps requiring it.
INSERT INTO "automation_settings" ("clinic_id", "settings")
SELECT "id", '{"requirePrivacyConsent": true}'::jsonb FROM "clinics" WHERE "settings"->>'requireConsent' = 'true'
ON CONFLICT ("clinic_id") DO UPDATE SET "settings" = "automation_settings"."settings" || '{"requirePrivacyConsent": true}'::jsonb;
--> statement-breakpoint
UPDATE "clinics" SET "settings" = "settings" - 'requireConsent' WHERE "settings" ? 'requireConsent';
