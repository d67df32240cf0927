// Baileys' delivery reports (messages.update, message-receipt.update) → StatusUpdate, for messages we sent.
import { WAProto, toNumber } from '@whiskeysockets/baileys';
import type { MessageUserReceiptUpdate, WAMessageUpdate } from '@whiskeysockets/baileys';
import type { MessageStatus, StatusUpdate } from '../channel.ts';

const Status = WAProto.WebMessageInfo.Status;

const BAILEYS_TO_STATUS: Readonly<Record<number, MessageStatus>> = {
  [Status.ERROR]: 'failed',
  [Status.PENDING]: 'queued',
  [Status.SERVER_ACK]: 'sent',
  [Status.DELIVERY_ACK]: 'delivered',
  [Status.READ]: 'read',
  [Status.PLAYED]: 'read',
};

export function mapBaileysMessageUpdates(updates: readonly WAMessageUpdate[]): StatusUpdate[] {
  const statuses: StatusUpdate[] = [];
  for (const { key, update } of updates) {
    const status = typeof update.status === 'number' ? BAILEYS_TO_STATUS[update.status] : undefined;
    if (!key.fromMe || !key.id || !status) continue;
    statuses.push({ providerMessageId: key.id, status, at: new Date(), ...(status === 'failed' ? { errorCode: 'whatsapp_error' } : {}) });
  }
  return statuses;
}

export function mapBaileysReceipts(receipts: readonly MessageUserReceiptUpdate[]): StatusUpdate[] {
  const statuses: StatusUpdate[] = [];
  for (const { key, receipt } of receipts) {
    if (!key.fromMe || !key.id) continue;
    const seconds = receipt.readTimestamp ?? receipt.playedTimestamp;
    if (seconds) {
      statuses.push({ providerMessageId: key.id, status: 'read', at: new Date(toNumber(seconds) * 1000) });
    } else if (receipt.receiptTimestamp) {
      statuses.push({ providerMessageId: key.id, status: 'delivered', at: new Date(toNumber(receipt.receiptTimestamp) * 1000) });
    }
  }
  return statuses;
}
