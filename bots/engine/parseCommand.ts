// Emitted events arrive untyped at the runtime (it drives every flow through AnyStateMachine), so each one is
// parsed back into a BotCommand; an unknown one is a programming error in a flow and fails loudly.
import { z } from 'zod';
import { BOT_LOCALES } from '../ports.ts';
import { BOT_TEMPLATE_EVENTS, type BotCommand } from '../flows/commands.ts';

const botCommandSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('sendTemplate'),
    event: z.enum(BOT_TEMPLATE_EVENTS),
    locale: z.enum(BOT_LOCALES),
    buttons: z.array(z.string()).optional(),
    data: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    appointmentIds: z.array(z.string()).min(1).optional(),
    appointmentStatus: z.enum(['confirmed', 'cancelled']).optional(),
  }),
  z.object({ type: z.literal('setAppointmentStatus'), appointmentIds: z.array(z.string()).min(1), status: z.enum(['confirmed', 'cancelled']) }),
  z.object({ type: z.literal('markAppointmentUnanswered'), appointmentIds: z.array(z.string()).min(1) }),
  z.object({ type: z.literal('setRecallStatus'), recallId: z.string(), status: z.enum(['accepted', 'rejected']) }),
  z.object({ type: z.literal('recordSurveyScore'), score: z.number().int().min(1).max(5), appointmentId: z.string().nullable() }),
  z.object({ type: z.literal('handover'), reason: z.string() }),
  z.object({ type: z.literal('closeConversation'), reason: z.string() }),
]);

export function parseCommand(emitted: unknown): BotCommand {
  return botCommandSchema.parse(emitted);
}
