// Twilio's message statuses translated to ours, in one place.
import type { MessageStatus } from '../channel.ts';

const TWILIO_TO_STATUS: Readonly<Record<string, MessageStatus>> = {
  accepted: 'queued',
  scheduled: 'queued',
  queued: 'queued',
  sending: 'queued',
  sent: 'sent',
  delivered: 'delivered',
  partially_delivered: 'delivered',
  read: 'read',
  undelivered: 'failed',
  failed: 'failed',
  canceled: 'failed',
};

/** undefined for statuses that describe inbound messages (`receiving`, `received`). */
export function toMessageStatus(twilioStatus: string): MessageStatus | undefined {
  return TWILIO_TO_STATUS[twilioStatus.toLowerCase()];
}
