import { z } from 'zod';
import { CHANNEL_KINDS } from '../channel.ts';

/** The built-in channel needs no account; it can be told which kinds it stands in for. */
export const simulatorConfigSchema = z.object({
  standsInFor: z.array(z.enum(CHANNEL_KINDS)).default(['whatsapp', 'sms', 'email']),
});

export type SimulatorConfig = z.infer<typeof simulatorConfigSchema>;
