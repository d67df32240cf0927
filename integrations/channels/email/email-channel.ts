// Email over SMTP (nodemailer): subject, HTML and text bodies, From the clinic's address. Outbound only.
import { createTransport, type Transporter } from 'nodemailer';
import type { Channel, ChannelContext, ChannelDefinition, ChannelKind, InboundMessage, OutboundMessage, SendResult, StatusUpdate, WebhookRequest } from '../channel.ts';
import { defineChannel } from '../channel.ts';
import { ChannelSendError } from '../channel-send-error.ts';
import { DEFAULT_RATE_PER_SECOND } from '../delivery/rate-limits.ts';
import { emailConfigSchema, type EmailConfig } from './email-config.ts';
import { classifySmtpError } from './email-errors.ts';

export const emailChannel: ChannelDefinition<EmailConfig, 'email'> = defineChannel({
  type: 'email',
  kinds: ['email'],
  labels: { es: 'Correo electrónico', en: 'E-mail', it: 'E-mail', fr: 'E-mail' },
  capabilities: { buttons: 'numbered', media: true, providerTemplates: false, pairing: false },
  configSchema: emailConfigSchema,
  secretKeys: ['password'],
  defaultRatePerSecond: () => DEFAULT_RATE_PER_SECOND.email,
  create: (config: EmailConfig, context: ChannelContext) => new EmailChannel(config, context),
});

export class EmailChannel implements Channel {
  readonly type = 'email';
  readonly kinds: readonly ChannelKind[] = ['email'];
  private readonly transport: Transporter;

  constructor(
    private readonly config: EmailConfig,
    private readonly context: ChannelContext,
  ) {
    this.transport = createTransport({
      host: config.host,
      port: config.port,
      secure: config.secure,
      ...(config.user ? { auth: { user: config.user, pass: config.password ?? '' } } : {}),
      connectionTimeout: config.timeoutMs,
      greetingTimeout: config.timeoutMs,
      socketTimeout: config.timeoutMs,
    });
  }

  async send(message: OutboundMessage): Promise<SendResult> {
    if (!message.to.includes('@')) throw ChannelSendError.permanent('invalid_address', 'The patient has no valid email address');
    try {
      const info = await this.transport.sendMail({
        from: this.config.fromName ? { name: this.config.fromName, address: this.config.from } : this.config.from,
        to: message.to,
        ...(this.config.replyTo ? { replyTo: this.config.replyTo } : {}),
        subject: message.subject ?? firstLine(message.text),
        text: message.text,
        html: message.html ?? textAsHtml(message.text),
        // Only web URLs: a file path here would attach files from this server's disk.
        attachments: (message.media ?? [])
          .filter((media) => /^https?:\/\//.test(media.url))
          .map((media) => ({ href: media.url, ...(media.mimeType ? { contentType: media.mimeType } : {}) })),
        headers: { 'X-Clinic-Inbox-Message-Id': message.messageId, 'X-Clinic-Inbox-Channel': this.context.channelId },
      });
      return { providerMessageId: info.messageId, status: 'sent' };
    } catch (error) {
      throw classifySmtpError(error);
    }
  }

  parseInbound(_request: WebhookRequest): InboundMessage[] {
    return [];
  }

  parseStatus(_request: WebhookRequest): StatusUpdate[] {
    return [];
  }

  /** No inbound email yet: nothing to verify. */
  verifyWebhook(_request: WebhookRequest): boolean {
    return false;
  }
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').slice(0, 78);
}

/** A plain message shown as HTML: escaped, with its line breaks kept. */
export function textAsHtml(text: string): string {
  const escaped = text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
  return `<p>${escaped.replace(/\n{2,}/g, '</p><p>').replace(/\n/g, '<br>')}</p>`;
}
