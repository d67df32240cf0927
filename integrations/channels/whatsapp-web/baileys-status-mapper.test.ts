import { WAProto } from '@whiskeysockets/baileys';
import { describe, expect, it } from 'vitest';
import { mapBaileysMessageUpdates, mapBaileysReceipts } from './baileys-status-mapper.ts';

const Status = WAProto.WebMessageInfo.Status;
const ours = (id: string) => ({ remoteJid: '34600111222@s.whatsapp.net', fromMe: true, id });

describe('Baileys delivery reports → StatusUpdate', () => {
  it('when messages.update reports server ack, delivery, read and error, then they map to sent, delivered, read and failed', () => {
    const updates = mapBaileysMessageUpdates([
      { key: ours('A'), update: { status: Status.SERVER_ACK } },
      { key: ours('B'), update: { status: Status.DELIVERY_ACK } },
      { key: ours('C'), update: { status: Status.READ } },
      { key: ours('D'), update: { status: Status.PLAYED } },
      { key: ours('E'), update: { status: Status.ERROR } },
    ]);
    expect(updates.map(({ providerMessageId, status }) => [providerMessageId, status])).toEqual([
      ['A', 'sent'],
      ['B', 'delivered'],
      ['C', 'read'],
      ['D', 'read'],
      ['E', 'failed'],
    ]);
  });

  it('when an update concerns a patient message or carries no status, then it is ignored', () => {
    const updates = mapBaileysMessageUpdates([
      { key: { remoteJid: '34600111222@s.whatsapp.net', fromMe: false, id: 'P' }, update: { status: Status.READ } },
      { key: ours('Q'), update: { starred: true } },
    ]);
    expect(updates).toEqual([]);
  });

  it('when receipts arrive, then a read timestamp means read and a receipt timestamp means delivered', () => {
    const updates = mapBaileysReceipts([
      { key: ours('A'), receipt: { userJid: '34600111222@s.whatsapp.net', receiptTimestamp: 1767258000 } },
      { key: ours('B'), receipt: { userJid: '34600111222@s.whatsapp.net', readTimestamp: 1767258100 } },
    ]);
    expect(updates).toEqual([
      { providerMessageId: 'A', status: 'delivered', at: new Date(1767258000 * 1000) },
      { providerMessageId: 'B', status: 'read', at: new Date(1767258100 * 1000) },
    ]);
  });
});
