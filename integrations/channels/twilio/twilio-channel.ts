// Twilio SMS and Twilio WhatsApp: one adapter, two channel types that differ only in addresses and buttons.
import twilio from 'twilio';
import type { Channel, ChannelContext, ChannelDefinition, ChannelKind, ChannelType, ChannelWebhook, InboundMessage, OutboundMessage, ProviderTemplate, ReconcileResult, SendResult, StatusUpdate, WebhookRequest } from '../channel.ts';
import { channelWebhookUrls, defineChannel } from '../channel.ts';
import { buttonsAsText } from '../buttons-as-text.ts';
import { DEFAULT_RATE_PER_SECOND, twilioSmsRate } from '../delivery/rate-limits.ts';
import { stripWhatsAppPrefix, toTwilioWhatsAppAddress } from '../phone.ts';
import { TWILIO_SECRET_KEYS, twilioConfigSchema, type TwilioConfig } from './twilio-config.ts';
import { listTwilioContentTemplates } from './twilio-content-templates.ts';
import { contentSidOf, twilioContentVariables } from './twilio-content-variables.ts';
import { classifyTwilioError } from './twilio-errors.ts';
import { readContactCards } from './twilio-contact-cards.ts';
import { fetchTwilioMediaText } from './twilio-media.ts';
import { BaseUrlRequestClient } from './twilio-request-client.ts';
import { toMessageStatus } from './twilio-status.ts';
import { mapTwilioInbound, mapTwilioStatus } from './twilio-webhook-mapper.ts';

/** Twilio posts form-encoded messages and statuses, signed with X-Twilio-Signature, and wants TwiML back. */
const twilioWebhook: ChannelWebhook = { protocol: 'twilio', body: 'form', inboundReply: { contentType: 'text/xml', body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>' } };

export const twilioSmsChannel: ChannelDefinition<TwilioConfig, 'twilio_sms'> = defineChannel({
  type: 'twilio_sms',
  kinds: ['sms'],
  labels: { es: 'SMS (Twilio)', en: 'SMS (Twilio)', it: 'SMS (Twilio)', fr: 'SMS (Twilio)' },
  capabilities: { buttons: 'numbered', media: true, providerTemplates: false, pairing: false },
  configSchema: twilioConfigSchema,
  secretKeys: TWILIO_SECRET_KEYS,
  defaultRatePerSecond: (config: TwilioConfig) => twilioSmsRate(config.from),
  webhook: twilioWebhook,
  create: (config: TwilioConfig, context: ChannelContext) => new TwilioChannel('twilio_sms', 'sms', config, context),
});

export const twilioWhatsAppChannel: ChannelDefinition<TwilioConfig, 'twilio_whatsapp'> = defineChannel({
  type: 'twilio_whatsapp',
  kinds: ['whatsapp'],
  labels: { es: 'WhatsApp (Twilio)', en: 'WhatsApp (Twilio)', it: 'WhatsApp (Twilio)', fr: 'WhatsApp (Twilio)' },
  capabilities: { buttons: 'native', media: true, providerTemplates: true, pairing: false },
  configSchema: twilioConfigSchema,
  secretKeys: TWILIO_SECRET_KEYS,
  serviceWindowHours: 24,
  defaultRatePerSecond: () => DEFAULT_RATE_PER_SECOND.twilioWhatsApp,
  webhook: twilioWebhook,
  create: (config: TwilioConfig, context: ChannelContext) => new TwilioChannel('twilio_whatsapp', 'whatsapp', config, context),
});

/** The contract's webhook paths (API.md): inbound at `/webhooks/twilio/:channelId`, statuses at `.../status`. */
export function twilioWebhookUrls(publicUrl: string, channelId: string): { inbound: string; status: string } {
  return channelWebhookUrls(publicUrl, twilioWebhook.protocol, channelId);
}

export class TwilioChannel implements Channel {
  readonly kinds: readonly ChannelKind[];
  private readonly client: twilio.Twilio;

  constructor(
    readonly type: ChannelType,
    private readonly kind: 'sms' | 'whatsapp',
    private readonly config: TwilioConfig,
    private readonly context: ChannelContext,
  ) {
    this.kinds = [kind];
    const httpClient = config.apiBaseUrl
      ? new BaseUrlRequestClient(config.apiBaseUrl, { timeout: config.timeoutMs })
      : new twilio.RequestClient({ timeout: config.timeoutMs });
    // No SDK retries: the outbox owns retrying, with backoff and an attempt limit.
    this.client = twilio(config.accountSid, config.authToken, { httpClient, autoRetry: false });
  }

  async send(message: OutboundMessage): Promise<SendResult> {
    try {
      const sent = await this.client.messages.create(this.createParams(message));
      return { providerMessageId: sent.sid, status: toMessageStatus(sent.status) ?? 'queued' };
    } catch (error) {
      throw classifyTwilioError(error);
    }
  }

  /** Looks for the same text to the same number created since `since` among Twilio's recent messages. */
  async findSent(message: OutboundMessage, since: Date): Promise<ReconcileResult> {
    const params = this.createParams(message);
    // A template is rendered by Twilio and an empty body matches anything: neither can be recognised.
    if (!('body' in params) || params.body.trim() === '') return { outcome: 'unknown' };
    try {
      const recent = await this.client.messages.list({ to: params.to, ...('from' in params ? { from: params.from } : {}), limit: 20 });
      // A minute of slack for clock skew between us and Twilio; trial accounts prefix the body.
      const earliest = since.getTime() - 60_000;
      const match = recent.find((sent) => sent.dateCreated.getTime() >= earliest && (sent.body === params.body || sent.body.endsWith(params.body)));
      if (!match) return { outcome: 'not_sent' };
      return { outcome: 'sent', result: { providerMessageId: match.sid, status: toMessageStatus(match.status) ?? 'queued' } };
    } catch (error) {
      throw classifyTwilioError(error);
    }
  }

  async listTemplates(): Promise<ProviderTemplate[]> {
    try {
      return await listTwilioContentTemplates(this.client);
    } catch (error) {
      throw classifyTwilioError(error);
    }
  }

  sendsAsTemplate(message: OutboundMessage): boolean {
    return this.contentTemplateFor(message) !== undefined;
  }

  parseInbound(request: WebhookRequest): InboundMessage[] {
    return mapTwilioInbound(request.body, this.kind, this.config.accountSid);
  }

  parseStatus(request: WebhookRequest): StatusUpdate[] {
    return mapTwilioStatus(request.body);
  }

  /**
   * Reads shared contact cards before the message is stored. Twilio waits up to 15 s for the webhook's answer,
   * so the fetch gets a third of that; a card it cannot read leaves a notice on the message instead.
   */
  completeInbound(message: InboundMessage): Promise<InboundMessage> {
    const options = { timeoutMs: Math.min(this.config.timeoutMs, CONTACT_CARD_TIMEOUT_MS), maxBytes: CONTACT_CARD_MAX_BYTES };
    return readContactCards(message, (url) => fetchTwilioMediaText(url, this.config, options), (error) => {
      this.context.logger?.warn({ channelId: this.context.channelId, reason: error instanceof Error ? error.message : String(error) }, 'could not read a shared contact card');
    });
  }

  /** X-Twilio-Signature against the auth token and the public URL (the SDK compares in constant time). */
  verifyWebhook(request: WebhookRequest): boolean {
    const header = request.headers['x-twilio-signature'];
    const signature = Array.isArray(header) ? header[0] : header;
    if (!signature) return false;
    return twilio.validateRequest(this.config.authToken, signature, request.url, stringFields(request.body));
  }

  private createParams(message: OutboundMessage) {
    const sender = this.config.messagingServiceSid
      ? { messagingServiceSid: this.config.messagingServiceSid }
      : { from: this.address(this.config.from ?? '') };
    const base = {
      to: this.address(message.to),
      statusCallback: twilioWebhookUrls(this.context.publicUrl, this.context.channelId).status,
      ...sender,
    };
    const content = this.contentTemplateFor(message);
    if (content) {
      const variables = Object.keys(content.variables).length > 0 ? { contentVariables: JSON.stringify(content.variables) } : {};
      return { ...base, contentSid: content.sid, ...variables };
    }
    const mediaUrl = message.media?.map((media) => media.url) ?? [];
    return { ...base, body: buttonsAsText(message.text, message.buttons), ...(mediaUrl.length > 0 ? { mediaUrl } : {}) };
  }

  /**
   * An explicit content template with the agent's values, else the one configured for the message's template
   * key, filled with the values our template was rendered with (WhatsApp only).
   */
  private contentTemplateFor(message: OutboundMessage): { sid: string; variables: Record<string, string> } | undefined {
    if (this.kind !== 'whatsapp') return undefined;
    if (message.providerTemplateId) return { sid: message.providerTemplateId, variables: message.templateVariables ?? {} };
    const configured = message.templateKey ? this.config.contentTemplates[message.templateKey] : undefined;
    return configured ? { sid: contentSidOf(configured), variables: message.templateVariables ?? twilioContentVariables(configured, message.merge) } : undefined;
  }

  private address(phone: string): string {
    return this.kind === 'whatsapp' ? toTwilioWhatsAppAddress(phone) : stripWhatsAppPrefix(phone);
  }
}

const CONTACT_CARD_TIMEOUT_MS = 5_000;
const CONTACT_CARD_MAX_BYTES = 256 * 1024;

/** Twilio signs the form fields as posted: only string values take part. */
function stringFields(body: Record<string, unknown>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === 'string') fields[name] = value;
  }
  return fields;
}
