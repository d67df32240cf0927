// The one interface every messaging channel implements. The server talks to channels only through it.
//
// How to add a channel:
//   1. Create `integrations/channels/<provider>/` with a config schema (zod), the adapter implementing `Channel`,
//      a mapper from the provider's payloads to `InboundMessage` / `StatusUpdate`, and tests against recorded
//      fixtures or a local stand-in of the provider (test/stand-ins/).
//   2. Export a `ChannelDefinition` from the folder (`defineChannel({...})`) naming the kinds it serves and
//      which config keys are secret (the API never returns them).
//   3. Add it to the list in `registry.ts`. Nothing else changes: the channel type list, the API's enum, the
//      labels the inbox shows, the config form (JSON schema), the default send rate and the webhook route all
//      come from the definition; the server never branches on the provider.
//   4. An official WhatsApp API: set `serviceWindowHours` on the definition, and implement `listTemplates` (the
//      provider's approved templates) and `sendsAsTemplate`, so free text is never sent outside the window.
//
// Errors: `send` either resolves with the provider's id or throws a `ChannelSendError` (transient → retried
// with backoff by the outbox; permanent → the message is marked failed with the provider's reason).
import type { z } from 'zod';

import type { ChannelType } from './registry.ts';

/** The channel types this build offers: derived from the registry's list of definitions. */
export type { ChannelType };

/** The kind of conversation a channel carries; the simulator stands in for several. */
export const CHANNEL_KINDS = ['whatsapp', 'sms', 'email', 'voice'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const MESSAGE_STATUSES = ['queued', 'sent', 'delivered', 'read', 'failed'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export interface MediaAttachment {
  url: string;
  mimeType?: string;
  caption?: string;
  /** The file's name, when the provider says (WhatsApp documents). */
  fileName?: string;
}

/** A quick-reply button the patient pressed: what it said, and the id the provider echoed back (if any). */
export interface ButtonReply {
  text: string;
  payload?: string;
}

export interface OutboundMessage {
  /** Our message id: correlation for logs and providers that accept a client reference. */
  messageId: string;
  /** The kind this message is for; the simulator records it, email needs `subject`. */
  kind: ChannelKind;
  /** E.164 phone (`+34600111222`) for whatsapp/sms, an address for email. */
  to: string;
  text: string;
  subject?: string;
  html?: string;
  /** Quick replies; sent as native buttons where configured, as numbered options otherwise. */
  buttons?: string[];
  media?: MediaAttachment[];
  /** Which template this message was rendered from (`reminder`, `recall`…); selects a Twilio content template. */
  templateKey?: string;
  /** Variables for a provider-side template ({"1": "María", "2": "lunes 10:00"}). */
  templateVariables?: Record<string, string>;
  /** An approved provider-side template chosen explicitly (a Twilio content SID `HX…`); wins over `templateKey`. */
  providerTemplateId?: string;
  /**
   * What `text` was rendered from, when it came from one of our templates: each merge field's value
   * (`patient.firstName` → `María`) and the fields the template prints, in order. A provider-side template
   * chosen by `templateKey` is filled from these, so the patient never sees the provider's sample values.
   */
  merge?: { fields: string[]; values: Record<string, string> };
}

/** A provider-side message template (Twilio content template, WhatsApp message template) and its approval. */
export interface ProviderTemplate {
  id: string;
  name: string;
  language: string;
  /** The text with its numbered placeholders (`Hola {{1}}`). */
  body: string;
  /** Placeholder → sample value, as the provider stores them. */
  variables: Record<string, string>;
  /** WhatsApp's verdict; only `approved` templates may open a closed customer-service window. */
  approvalStatus: 'approved' | 'pending' | 'rejected' | 'paused' | 'disabled' | 'unsubmitted';
  category: string | null;
  rejectionReason: string | null;
}

export interface SendResult {
  providerMessageId: string;
  status: MessageStatus;
}

export interface InboundMessage {
  providerMessageId: string;
  /** The patient's side of the chat: E.164 for phones, an address for email. Also when `sentByClinic`. */
  from: string;
  /** The clinic's number or address the message reached, when the provider says. */
  to?: string;
  kind: ChannelKind;
  text: string;
  media: MediaAttachment[];
  buttonReply?: ButtonReply;
  /** Written from the clinic's own phone (WhatsApp Web): store it as an agent message, not a patient's. */
  sentByClinic: boolean;
  profileName?: string;
  receivedAt?: Date;
  /** A place the patient shared (WhatsApp location): coordinates, and the name/address when they picked one. */
  location?: SharedLocation;
  /** Contact cards the patient shared: the name they show, and the numbers and addresses on the card. */
  contacts?: SharedContact[];
  /** Something the patient sent could not be read (a contact card the provider only links to): the inbox says so. */
  notice?: InboundNotice;
}

export interface SharedContact {
  name: string;
  phones?: string[];
  emails?: string[];
}

export const INBOUND_NOTICES = ['contact_card_unreadable'] as const;
export type InboundNotice = (typeof INBOUND_NOTICES)[number];

export interface SharedLocation {
  latitude: number;
  longitude: number;
  label?: string;
  address?: string;
}

export interface StatusUpdate {
  providerMessageId: string;
  status: MessageStatus;
  errorCode?: string;
  errorReason?: string;
  at?: Date;
}

export type ReconcileResult =
  | { outcome: 'sent'; result: SendResult }
  | { outcome: 'not_sent' }
  /** The provider cannot say (e.g. a template whose text it renders): a person or a policy decides. */
  | { outcome: 'unknown' };

/** A provider's HTTP call as the server received it. `url` is the public URL the provider called (PUBLIC_URL + path + query). */
export interface WebhookRequest {
  headers: Record<string, string | string[] | undefined>;
  /** Parsed body: form fields for Twilio, JSON for the simulator. */
  body: Record<string, unknown>;
  rawBody: string;
  url: string;
}

export type ConnectionStatus = 'active' | 'connecting' | 'pairing' | 'reconnecting' | 'logged_out' | 'closed' | 'error';

/** What a push-based channel (WhatsApp Web) reports while it runs. */
export interface ChannelListener {
  onInbound(messages: InboundMessage[]): void | Promise<void>;
  onStatus(updates: StatusUpdate[]): void | Promise<void>;
  onConnection(status: ConnectionStatus, detail?: { qr?: string; pairingCode?: string; reason?: string }): void | Promise<void>;
}

export interface Channel {
  readonly type: ChannelType;
  readonly kinds: readonly ChannelKind[];
  send(message: OutboundMessage): Promise<SendResult>;
  /** Provider webhook → messages; [] when the payload holds none. Call only after `verifyWebhook`. */
  parseInbound(request: WebhookRequest): InboundMessage[];
  parseStatus(request: WebhookRequest): StatusUpdate[];
  /**
   * Fetches what a parsed message only links to (a Twilio contact card is a media URL) before it is stored.
   * Never throws: what it cannot read is kept as it came, with a `notice`, so the message is never lost.
   */
  completeInbound?(message: InboundMessage): Promise<InboundMessage>;
  /** Timing-safe signature check; false for channels that take no webhooks. */
  verifyWebhook(request: WebhookRequest): boolean;
  /**
   * After a crash between sending and recording, asks the provider whether it already took this message, so the
   * outbox does not send it twice. Channels that cannot tell leave this out (treat as 'unknown').
   */
  findSent?(message: OutboundMessage, since: Date): Promise<ReconcileResult>;
  /** Channels with provider-side templates (official WhatsApp) list them with their approval status. */
  listTemplates?(): Promise<ProviderTemplate[]>;
  /** Whether this message goes out as an approved template (so the customer-service window does not apply). */
  sendsAsTemplate?(message: OutboundMessage): boolean;
  /** Push-based channels only: connect and report through the listener until `stop`. */
  start?(listener: ChannelListener): Promise<void>;
  stop?(): Promise<void>;
}

/** A key-value store the server backs with the `channel_state` table (Baileys auth keys live here). */
export interface ChannelStateStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface ChannelLogger {
  debug(details: object, message: string): void;
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** What the server knows about the channel row and the deployment, passed to every factory. */
export interface ChannelContext {
  channelId: string;
  /** PUBLIC_URL: the base providers call back (`https://clinic.example.com`). */
  publicUrl: string;
  /** The clinic's country (ISO 3166 alpha-2) for national phone input. */
  defaultCountry?: string;
  /** Required by whatsapp_web: where its session lives. */
  stateStore?: ChannelStateStore;
  logger?: ChannelLogger;
}

/** The locales staff and patients use, Spanish first. */
export type ChannelLocale = 'es' | 'en' | 'it' | 'fr';

/** What the inbox and the settings may offer for a channel, without knowing the provider. */
export interface ChannelCapabilities {
  /** `native`: tappable quick replies; `numbered`: buttons become "1. Confirmar" lines the patient answers. */
  buttons: 'native' | 'numbered';
  media: boolean;
  /** Provider-side approved templates (official WhatsApp): listed and synced. */
  providerTemplates: boolean;
  /** Linked by scanning a QR or entering a pairing code (WhatsApp Web). */
  pairing: boolean;
}

/** A provider that calls us back: one route per protocol (`/webhooks/<protocol>/:channelId` and `/status`). */
export interface ChannelWebhook {
  protocol: string;
  /** How the provider encodes its body. */
  body: 'form' | 'json';
  /** What the provider expects back after an inbound message (Twilio: empty TwiML). */
  inboundReply: { contentType: string; body: string } | null;
}

export interface ChannelDefinition<Config, Type extends string = string> {
  type: Type;
  kinds: readonly ChannelKind[];
  /** The name staff see, per locale. */
  labels: Readonly<Record<ChannelLocale, string>>;
  capabilities: ChannelCapabilities;
  configSchema: z.ZodType<Config>;
  /** Config keys that are write-only in the API. */
  secretKeys: readonly string[];
  /**
   * Official WhatsApp APIs accept free-form messages only this many hours after the patient last wrote
   * (the customer-service window); outside it only approved templates go through.
   */
  serviceWindowHours?: number;
  /** A stand-in (the simulator): carries a kind only where the clinic has no real channel for it. */
  standIn?: boolean;
  /** Messages (SMS: segments) per second when the config sets no `ratePerSecond`; the provider's documented limit. */
  defaultRatePerSecond(config: Config): number;
  /** Present for providers that post inbound messages and statuses to us. */
  webhook?: ChannelWebhook;
  create(config: Config, context: ChannelContext): Channel;
}

/** Where a provider posts to us for a channel: the routes mounted for its webhook protocol. */
export function channelWebhookUrls(publicUrl: string, protocol: string, channelId: string): { inbound: string; status: string } {
  const inbound = `${publicUrl.replace(/\/+$/, '')}/webhooks/${protocol}/${channelId}`;
  return { inbound, status: `${inbound}/status` };
}

/** Identity helper so each provider's definition keeps its own config type and its literal type name. */
export function defineChannel<Config, const Type extends string>(definition: ChannelDefinition<Config, Type>): ChannelDefinition<Config, Type> {
  return definition;
}
