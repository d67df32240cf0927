// Every channel this build offers, as one list of definitions. Adding a channel = its folder plus one entry
// here: the type list, the API's enum, labels, config form, rate defaults and webhook routes derive from it.
import { z } from 'zod';
import type { Channel, ChannelCapabilities, ChannelContext, ChannelDefinition, ChannelKind, ChannelLocale, ChannelWebhook } from './channel.ts';
import { emailChannel } from './email/email-channel.ts';
import { simulatorChannel } from './simulator/simulator-channel.ts';
import { twilioSmsChannel, twilioWhatsAppChannel } from './twilio/twilio-channel.ts';
import { whatsAppWebChannel } from './whatsapp-web/whatsapp-web-channel.ts';

const definitions = [simulatorChannel, twilioSmsChannel, twilioWhatsAppChannel, whatsAppWebChannel, emailChannel] as const;

export type ChannelType = (typeof definitions)[number]['type'];

/** The channel types, in the order the settings list them. */
export const CHANNEL_TYPES = definitions.map((definition) => definition.type) as unknown as readonly [ChannelType, ...ChannelType[]];

export const channelRegistry = Object.fromEntries(definitions.map((definition) => [definition.type, definition])) as unknown as Readonly<Record<ChannelType, ChannelDefinition<unknown, ChannelType>>>;

export function isChannelType(value: string): value is ChannelType {
  return Object.hasOwn(channelRegistry, value);
}

/** What the settings need to show and configure a channel type, without knowing the provider. */
export type ChannelTypeDescription = {
  type: ChannelType;
  kinds: readonly ChannelKind[];
  labels: Readonly<Record<ChannelLocale, string>>;
  capabilities: ChannelCapabilities;
  serviceWindowHours: number | null;
  standIn: boolean;
  secretKeys: readonly string[];
  /** JSON schema of the config, for a form the UI renders; secret keys are marked `writeOnly`. */
  configSchema: Record<string, unknown>;
  webhook: { protocol: string } | null;
};

export function describeChannelTypes(): ChannelTypeDescription[] {
  return definitions.map((definition) => ({
    type: definition.type,
    kinds: definition.kinds,
    labels: definition.labels,
    capabilities: definition.capabilities,
    serviceWindowHours: definition.serviceWindowHours ?? null,
    standIn: definition.standIn === true,
    secretKeys: definition.secretKeys,
    configSchema: configJsonSchema(definition),
    webhook: definition.webhook ? { protocol: definition.webhook.protocol } : null,
  }));
}

function configJsonSchema(definition: ChannelDefinition<unknown>): Record<string, unknown> {
  const schema = z.toJSONSchema(definition.configSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  for (const key of definition.secretKeys) if (properties[key]) properties[key] = { ...properties[key], writeOnly: true };
  return schema;
}

/** The webhook protocols in use and the channel types that speak each (Twilio: SMS and WhatsApp). */
export function webhookProtocols(): { protocol: string; webhook: ChannelWebhook; types: ChannelType[] }[] {
  const byProtocol = new Map<string, { protocol: string; webhook: ChannelWebhook; types: ChannelType[] }>();
  for (const definition of definitions) {
    const webhook: ChannelWebhook | undefined = definition.webhook;
    if (!webhook) continue;
    const entry = byProtocol.get(webhook.protocol) ?? { protocol: webhook.protocol, webhook, types: [] };
    entry.types.push(definition.type);
    byProtocol.set(webhook.protocol, entry);
  }
  return [...byProtocol.values()];
}

/** Messages per second for a channel: its config's `ratePerSecond`, else the definition's provider default. */
export function channelRatePerSecond(type: ChannelType, config: Record<string, unknown> = {}): number {
  if (typeof config.ratePerSecond === 'number' && config.ratePerSecond > 0) return config.ratePerSecond;
  return channelRegistry[type].defaultRatePerSecond(config);
}

/** Validates a stored or submitted config and builds the adapter. Throws the schema's ZodError on bad config. */
export function createChannel(type: ChannelType, config: unknown, context: ChannelContext): Channel {
  const definition = channelRegistry[type];
  return definition.create(definition.configSchema.parse(config), context);
}

/** The config as the API may show it: secret keys removed (they are write-only). */
export function redactChannelConfig(type: ChannelType, config: Record<string, unknown>): Record<string, unknown> {
  const secrets = new Set(channelRegistry[type].secretKeys);
  return Object.fromEntries(Object.entries(config).filter(([key]) => !secrets.has(key)));
}

/** A PATCH keeps stored secrets unless it sends new ones, since the client never sees them. */
export function mergeChannelConfig(type: ChannelType, stored: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...stored };
  for (const [key, value] of Object.entries(patch)) {
    const isSecret = channelRegistry[type].secretKeys.includes(key);
    if (isSecret && (value === undefined || value === null || value === '')) continue;
    if (value === null) delete merged[key];
    else if (value !== undefined) merged[key] = value;
  }
  return merged;
}

export function channelKinds(type: ChannelType): readonly ChannelKind[] {
  return channelRegistry[type].kinds;
}

/** Hours after the patient's last message during which free-form text is allowed; null when unlimited. */
export function serviceWindowHours(type: ChannelType): number | null {
  return channelRegistry[type].serviceWindowHours ?? null;
}

/** A stand-in channel (the simulator) carries a kind only where the clinic has no real channel for it. */
export function isStandInChannel(type: ChannelType): boolean {
  return channelRegistry[type].standIn === true;
}
