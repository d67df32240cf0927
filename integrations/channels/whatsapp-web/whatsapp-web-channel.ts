// WhatsApp Web as a Channel: a push-based channel. The server calls `start(listener)` on the instance that
// holds the session's lease; inbound messages, receipts and connection changes arrive through the listener.
import type { Channel, ChannelContext, ChannelDefinition, ChannelKind, ChannelListener, InboundMessage, OutboundMessage, SendResult, StatusUpdate, WebhookRequest } from '../channel.ts';
import { defineChannel } from '../channel.ts';
import { ChannelSendError } from '../channel-send-error.ts';
import { DEFAULT_RATE_PER_SECOND } from '../delivery/rate-limits.ts';
import { buttonsAsText } from '../buttons-as-text.ts';
import { SendPacer } from './send-pacer.ts';
import { whatsAppWebConfigSchema, type WhatsAppWebConfig } from './whatsapp-web-config.ts';
import { WhatsAppWebConnection, type PairingDetail } from './whatsapp-web-connection.ts';
import type { SocketFactory } from './whatsapp-socket.ts';

export const whatsAppWebChannel: ChannelDefinition<WhatsAppWebConfig, 'whatsapp_web'> = defineChannel({
  type: 'whatsapp_web',
  kinds: ['whatsapp'],
  labels: { es: 'WhatsApp Web', en: 'WhatsApp Web', it: 'WhatsApp Web', fr: 'WhatsApp Web' },
  capabilities: { buttons: 'numbered', media: true, providerTemplates: false, pairing: true },
  configSchema: whatsAppWebConfigSchema,
  secretKeys: [],
  defaultRatePerSecond: () => DEFAULT_RATE_PER_SECOND.whatsAppWeb,
  create: (config: WhatsAppWebConfig, context: ChannelContext) => new WhatsAppWebChannel(config, context),
});

export interface WhatsAppWebChannelOptions {
  makeSocket?: SocketFactory;
  resolveLid?: (lidJid: string) => string | undefined;
}

/**
 * The sessions running in this process, by channel id. An adapter is cheap and the server may build a new one
 * (e.g. after a config change) while the session started by an older one keeps running: sends go through
 * whichever session runs for the channel, with that session's pacing.
 */
const runningSessions = new Map<string, { connection: WhatsAppWebConnection; pacer: SendPacer }>();

export class WhatsAppWebChannel implements Channel {
  readonly type = 'whatsapp_web';
  readonly kinds: readonly ChannelKind[] = ['whatsapp'];
  private connection: WhatsAppWebConnection | undefined;

  constructor(
    private readonly config: WhatsAppWebConfig,
    private readonly context: ChannelContext,
    private readonly options: WhatsAppWebChannelOptions = {},
  ) {}

  async start(listener: ChannelListener): Promise<void> {
    if (!this.context.stateStore) throw new Error('whatsapp_web needs a state store for its session');
    await runningSessions.get(this.context.channelId)?.connection.stop();
    const connection = new WhatsAppWebConnection({
      store: this.context.stateStore,
      listener,
      ...(this.config.pairingPhone ? { pairingPhone: this.config.pairingPhone } : {}),
      ...(this.context.logger ? { logger: this.context.logger } : {}),
      ...this.options,
    });
    const pacer = new SendPacer({
      ...this.config,
      onDailyVolume: (count) =>
        this.context.logger?.warn({ channelId: this.context.channelId, count }, 'whatsapp web: many messages today from this number; bulk sending risks a ban'),
    });
    this.connection = connection;
    runningSessions.set(this.context.channelId, { connection, pacer });
    await connection.start();
  }

  async stop(): Promise<void> {
    const session = runningSessions.get(this.context.channelId);
    const connection = this.connection ?? session?.connection;
    if (session?.connection === connection) runningSessions.delete(this.context.channelId);
    this.connection = undefined;
    await connection?.stop();
  }

  /** Unlink the session on the phone too (the admin's "disconnect"). */
  async logout(): Promise<void> {
    await runningSessions.get(this.context.channelId)?.connection.logout();
  }

  /** The current QR or pairing code while pairing (the API serves it to the clinic's admin). */
  get pairing(): PairingDetail {
    return runningSessions.get(this.context.channelId)?.connection.pairing ?? {};
  }

  /** Paced: resolves once WhatsApp took the message, which may be seconds after the call. */
  async send(message: OutboundMessage): Promise<SendResult> {
    const session = runningSessions.get(this.context.channelId);
    if (!session) throw ChannelSendError.transient('not_connected', 'The WhatsApp Web session does not run on this instance');
    const text = buttonsAsText(message.text, message.buttons);
    const providerMessageId = await session.pacer.run(message.to, () => session.connection.sendText(message.to, text));
    return { providerMessageId, status: 'sent' };
  }

  parseInbound(_request: WebhookRequest): InboundMessage[] {
    return [];
  }

  parseStatus(_request: WebhookRequest): StatusUpdate[] {
    return [];
  }

  /** WhatsApp Web takes no webhooks: everything arrives on the socket. */
  verifyWebhook(_request: WebhookRequest): boolean {
    return false;
  }
}
