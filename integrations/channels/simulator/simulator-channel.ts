// The embedded default channel: no provider account, same pipeline. `send` only hands back an id (the server
// has already stored what was sent, and the simulator API reads it back from the messages table);
// `parseInbound` turns the simulator API's body ({from, text} or {from, button}) into an inbound message.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { CHANNEL_KINDS, defineChannel } from '../channel.ts';
import type { Channel, ChannelContext, ChannelDefinition, ChannelKind, InboundMessage, OutboundMessage, SendResult, StatusUpdate, WebhookRequest } from '../channel.ts';
import { ChannelSendError } from '../channel-send-error.ts';
import { DEFAULT_RATE_PER_SECOND } from '../delivery/rate-limits.ts';
import { toE164 } from '../phone.ts';
import { simulatorConfigSchema, type SimulatorConfig } from './simulator-config.ts';

export const simulatorChannel: ChannelDefinition<SimulatorConfig, 'simulator'> = defineChannel({
  type: 'simulator',
  kinds: ['whatsapp', 'sms', 'email'],
  labels: { es: 'Simulador', en: 'Simulator', it: 'Simulatore', fr: 'Simulateur' },
  capabilities: { buttons: 'native', media: true, providerTemplates: false, pairing: false },
  standIn: true,
  configSchema: simulatorConfigSchema,
  secretKeys: [],
  defaultRatePerSecond: () => DEFAULT_RATE_PER_SECOND.simulator,
  create: (config: SimulatorConfig, context: ChannelContext) => new SimulatorChannel(config, context),
});

/** `POST /api/simulator/messages` body: a patient writing text or pressing a button. */
export const simulatorInboundSchema = z
  .object({
    from: z.string().min(3),
    text: z.string().optional(),
    button: z.string().min(1).optional(),
    kind: z.enum(CHANNEL_KINDS).optional(),
    /** Lets a test resend the same message to check idempotency. */
    id: z.string().min(1).optional(),
  })
  .refine((body) => body.text !== undefined || body.button !== undefined, { message: 'text or button is required' });

export class SimulatorChannel implements Channel {
  readonly type = 'simulator';
  readonly kinds: readonly ChannelKind[];

  constructor(
    config: SimulatorConfig,
    private readonly context: ChannelContext,
  ) {
    this.kinds = config.standsInFor;
  }

  async send(message: OutboundMessage): Promise<SendResult> {
    if (!this.kinds.includes(message.kind)) {
      throw ChannelSendError.permanent('unsupported_kind', `The simulator does not stand in for ${message.kind} on this clinic`);
    }
    // Delivered at once: there is no provider to report later.
    return { providerMessageId: `sim_${randomUUID()}`, status: 'delivered' };
  }

  /** Throws a ZodError (→ 400) on a malformed body, an Error on an unreadable phone. */
  parseInbound(request: WebhookRequest): InboundMessage[] {
    const body = simulatorInboundSchema.parse(request.body);
    const kind = body.kind ?? 'whatsapp';
    const from = kind === 'email' ? body.from.trim().toLowerCase() : toE164(body.from, this.context.defaultCountry);
    if (!from) throw new Error('from is not a phone number');
    const text = body.button ?? body.text ?? '';
    return [
      {
        providerMessageId: body.id ?? `sim_${randomUUID()}`,
        from,
        kind,
        text,
        media: [],
        ...(body.button ? { buttonReply: { text: body.button } } : {}),
        sentByClinic: false,
        receivedAt: new Date(),
      },
    ];
  }

  parseStatus(_request: WebhookRequest): StatusUpdate[] {
    return [];
  }

  /** The simulator API sits behind the app's own login; there is no provider signature to check. */
  verifyWebhook(_request: WebhookRequest): boolean {
    return true;
  }
}
