CREATE TABLE "inbound_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"clinic_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"message_id" uuid NOT NULL,
	"new_conversation" boolean DEFAULT false NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"due_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"locked_by" text,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "inbound_jobs" ADD CONSTRAINT "inbound_jobs_clinic_id_clinics_id_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_jobs" ADD CONSTRAINT "inbound_jobs_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_jobs" ADD CONSTRAINT "inbound_jobs_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_jobs_message_key" ON "inbound_jobs" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "inbound_jobs_open_idx" ON "inbound_jobs" USING btree ("seq") WHERE "inbound_jobs"."state" IN ('pending', 'processing');--> statement-breakpoint
CREATE INDEX "inbound_jobs_conversation_open_idx" ON "inbound_jobs" USING btree ("conversation_id","seq") WHERE "inbound_jobs"."state" IN ('pending', 'processing');--> statement-breakpoint
CREATE INDEX "inbound_jobs_clinic_state_idx" ON "inbound_jobs" USING btree ("clinic_id","state");