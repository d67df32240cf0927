// A clinic's automation rules (seeds 000, 001, 002, 004): the shape GET|PUT /api/automations speaks, with
// defaults for everything left out so a new clinic sends reminders without configuring anything.
import { z } from 'zod';
import { CHANNEL_KINDS, type ChannelKind } from '../../../integrations/channels/channel.ts';

/** A rule lists channel kinds (the channels' own list), in the clinic's order of preference. */
export const AUTOMATION_CHANNELS = CHANNEL_KINDS;
export type AutomationChannel = ChannelKind;

const channels = z.array(z.enum(AUTOMATION_CHANNELS)).max(4).refine((list) => new Set(list).size === list.length, 'must not repeat a channel');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24 h)');

const eventRule = z.object({ enabled: z.boolean().default(true), channels: channels.default(['whatsapp', 'sms', 'email']) });
const noticeRule = eventRule.extend({ onlyBookedOnline: z.boolean().default(false) });

export const automationSettingsSchema = z
  .object({
    /** The global switch: nothing automated goes out while false (alerts sent by hand still do). */
    enabled: z.boolean().default(true),
    events: z
      .object({
        appointmentBooked: noticeRule.default({ enabled: true, channels: ['whatsapp', 'sms', 'email'], onlyBookedOnline: false }),
        appointmentChanged: noticeRule.default({ enabled: true, channels: ['whatsapp', 'sms', 'email'], onlyBookedOnline: false }),
        appointmentCancelled: noticeRule.default({ enabled: true, channels: ['whatsapp', 'sms', 'email'], onlyBookedOnline: false }),
        reminders: eventRule.default({ enabled: true, channels: ['whatsapp', 'sms', 'email'] }),
        followUp: eventRule.default({ enabled: true, channels: ['whatsapp', 'sms', 'email'] }),
        recalls: eventRule.default({ enabled: true, channels: ['whatsapp', 'sms', 'email'] }),
      })
      .prefault({}),
    reminders: z
      .object({
        /** Hours before the appointment; the first starts the confirm/cancel flow, the second is a plain reminder. */
        offsetsHours: z.array(z.number().min(0.25).max(24 * 14)).max(2).default([24]),
        secondTo: z.enum(['all', 'unreliable']).default('all'),
        /** A patient is unreliable from this share of no-shows among their past appointments. */
        unreliableThreshold: z.number().min(0).max(1).default(0.3),
        /** No reminder for an appointment booked less than this many hours ahead. */
        minLeadHours: z.number().min(0).max(24 * 14).default(0),
        onePerPatientPerDay: z.boolean().default(true),
      })
      .prefault({}),
    /** Reminders and follow-ups go out only inside this window, in the clinic's time zone. */
    sendingWindow: z
      .object({
        start: hhmm.default('09:00'),
        end: hhmm.default('20:00'),
        /** ISO weekdays: 1 = Monday … 7 = Sunday. */
        days: z.array(z.number().int().min(1).max(7)).min(1).default([1, 2, 3, 4, 5, 6]),
      })
      .refine((window) => window.start < window.end, { message: 'start must be before end', path: ['end'] })
      .prefault({}),
    followUp: z
      .object({
        mode: z.enum(['automatic', 'manual', 'none']).default('none'),
        afterHours: z.number().min(0).max(24 * 30).default(2),
        kind: z.enum(['thanks', 'survey']).default('thanks'),
      })
      .prefault({}),
    /** Booking notices (booked/changed/cancelled) wait this long, so a change undone at once sends nothing. 0: at once. */
    notices: z
      .object({ undoMinutes: z.number().min(0).max(30).default(2) })
      .prefault({}),
    /** Only patients who gave privacy consent receive automated messages. */
    requirePrivacyConsent: z.boolean().default(false),
  })
  .strict();

export type AutomationSettings = z.infer<typeof automationSettingsSchema>;

/** Stored settings are parsed on read: a value saved by an older version still gets today's defaults. */
export function readAutomationSettings(stored: unknown): AutomationSettings {
  const parsed = automationSettingsSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : automationSettingsSchema.parse({});
}

/** Which rule governs each automated message purpose. */
export type AutomationEvent = keyof AutomationSettings['events'];
