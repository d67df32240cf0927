// Channel vocabulary shared with the inbox UI: the channels' own lists, never copied.
export { CHANNEL_KINDS, MESSAGE_STATUSES, type ChannelKind, type MessageStatus } from '../../integrations/channels/channel.ts';
