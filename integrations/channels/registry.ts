// Channel type → its definition (config schema, secret keys, kinds, factory). Adding a channel = one line here.
import type { Channel, ChannelContext, ChannelDefinition, ChannelKind, ChannelType } from './channel.ts';
import { emailChannel } from './email/email-channel.ts';
import { simulatorChannel } from './simulator/simulator-channel.ts';
import { twilioSmsChannel, twilioWhatsAppChannel } from './twilio/twilio-channel.ts';
import { whatsAppWebChannel } from './whatsapp-web/whatsapp-web-channel.ts';

export const channelRegistry: Readonly<Record<ChannelType, ChannelDefinition<unknown>>> = {
  simulator: simulatorChannel,
  twilio_sms: twilioSmsChannel,
  twilio_whatsapp: twilioWhatsAppChannel,
  whatsapp_web: whatsAppWebChannel,
  email: emailChannel,
};

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
