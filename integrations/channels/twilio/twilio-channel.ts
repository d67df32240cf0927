// Twilio SMS and Twilio WhatsApp: one adapter, two channel types that differ only in addresses and buttons.
import twilio from 'twilio';
import type { Channel, ChannelContext, ChannelKind, ChannelType, InboundMessage, OutboundMessage, ProviderTemplate, ReconcileResult, SendResult, StatusUpdate, WebhookRequest } from '../channel.ts';
import { defineChannel } from '../channel.ts';
import { buttonsAsText } from '../buttons-as-text.ts';
import { stripWhatsAppPrefix, toTwilioWhatsAppAddress } from '../phone.ts';
import { TWILIO_SECRET_KEYS, twilioConfigSchema, type TwilioConfig } from './twilio-config.ts';
import { listTwilioContentTemplates } from './twilio-content-templates.ts';
import { classifyTwilioError } from './twilio-errors.ts';
import { BaseUrlRequestClient } from './twilio-request-client.ts';
import { toMessageStatus } from './twilio-status.ts';
import { mapTwilioInbound, mapTwilioStatus } from './twilio-webhook-mapper.ts';

export const twilioSmsChannel = defineChannel<TwilioConfig>({
  type: 'twilio_sms',
  kinds: ['sms'],
  configSchema: twilioConfigSchema,
  secretKeys: TWILIO_SECRET_KEYS,
  create: (config, context) => new TwilioChannel('twilio_sms', 'sms', config, context),
});

export const twilioWhatsAppChannel = defineChannel<TwilioConfig>({
  type: 'twilio_whatsapp',
  kinds: ['whatsapp'],
  configSchema: twilioConfigSchema,
  secretKeys: TWILIO_SECRET_KEYS,
  serviceWindowHours: 24,
  create: (config, context) => new TwilioChannel('twilio_whatsapp', 'whatsapp', config, context),
});

/** The contract's webhook paths (API.md): inbound at `/webhooks/twilio/:channelId`, statuses at `.../status`. */
export function twilioWebhookUrls(publicUrl: string, channelId: string): { inbound: string; status: string } {
  const inbound = `${publicUrl.replace(/\/+$/, '')}/webhooks/twilio/${channelId}`;
  return { inbound, status: `${inbound}/status` };
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
    return this.contentSidFor(message) !== undefined;
  }

  parseInbound(request: WebhookRequest): InboundMessage[] {
    return mapTwilioInbound(request.body, this.kind, this.config.accountSid);
  }

  parseStatus(request: WebhookRequest): StatusUpdate[] {
    return mapTwilioStatus(request.body);
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
    const contentSid = this.contentSidFor(message);
    if (contentSid) {
      return { ...base, contentSid, ...(message.templateVariables ? { contentVariables: JSON.stringify(message.templateVariables) } : {}) };
    }
    const mediaUrl = message.media?.map((media) => media.url) ?? [];
    return { ...base, body: buttonsAsText(message.text, message.buttons), ...(mediaUrl.length > 0 ? { mediaUrl } : {}) };
  }

  /** An explicit content template, else the one configured for the message's template key (WhatsApp only). */
  private contentSidFor(message: OutboundMessage): string | undefined {
    if (this.kind !== 'whatsapp') return undefined;
    return message.providerTemplateId ?? (message.templateKey ? this.config.contentTemplates[message.templateKey] : undefined);
  }

  private address(phone: string): string {
    return this.kind === 'whatsapp' ? toTwilioWhatsAppAddress(phone) : stripWhatsAppPrefix(phone);
  }
}

/** Twilio signs the form fields as posted: only string values take part. */
function stringFields(body: Record<string, unknown>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === 'string') fields[name] = value;
  }
  return fields;
}
