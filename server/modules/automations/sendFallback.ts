// When an automated message fails for good on one channel, the same message goes out on the patient's next
// channel (the order was recorded when it was first sent). Keyed per channel, so a repeat sends nothing.
import { z } from 'zod';
import type { AutomationDeps } from './automationDeps.ts';
import { AUTOMATION_CHANNELS, automationSettingsSchema } from './automationSettings.ts';
import { sendAutomatedMessage, type AutomatedResult } from './sendAutomatedMessage.ts';

const automationMeta = z.object({
  rule: automationSettingsSchema.shape.events.unwrap().keyof(),
  event: z.string(),
  key: z.string(),
  tried: z.array(z.string()),
  next: z.array(z.enum(AUTOMATION_CHANNELS)),
  patientId: z.string(),
  appointmentId: z.string().nullable(),
  appointmentIds: z.array(z.string()).optional(),
  extras: z.object({ bookingUrl: z.string(), reviewUrl: z.string(), delayMinutes: z.number(), newStartsAt: z.string() }).partial().nullable(),
});

const WITHDRAWN_CODES = new Set(['cancelled', 'superseded']);

export async function sendFallback(deps: AutomationDeps, clinicId: string, messageId: string): Promise<AutomatedResult | null> {
  const message = await deps.repos.messages.get(clinicId, messageId);
  if (!message || message.status !== 'failed') return null;
  // Withdrawn on purpose (cancelled send-later, a notice superseded in its undo window): nothing to route around.
  if (message.errorCode && WITHDRAWN_CODES.has(message.errorCode)) return null;
  const parsed = automationMeta.safeParse(message.meta?.['automation']);
  if (!parsed.success || parsed.data.next.length === 0) return null;
  const meta = parsed.data;
  const settings = await deps.automations.getSettings(clinicId);
  if (!settings.enabled) return null;
  return sendAutomatedMessage(deps, {
    clinicId,
    patientId: meta.patientId,
    settings,
    rule: meta.rule,
    event: meta.event,
    exclude: meta.tried,
    idempotencyKey: `${meta.key}:fallback:${meta.next[0]}`,
    ...(meta.appointmentId ? { appointmentId: meta.appointmentId } : {}),
    ...(meta.appointmentIds?.length ? { appointmentIds: meta.appointmentIds } : {}),
    ...(meta.extras ? { extras: meta.extras } : {}),
  });
}
