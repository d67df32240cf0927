// Runs the WhatsApp Web sessions this instance owns: takes the lease, starts the adapter, feeds what it
// pushes into the inbox, publishes connection state and the pairing QR; lets go when the lease is lost.
import type { Channel, ChannelListener, ConnectionStatus } from '../../../integrations/channels/channel.ts';
import type { AppContext } from '../../context.ts';
import { applyStatusUpdate } from '../inbox/applyStatusUpdate.ts';
import { ingestChannelMessage } from '../inbox/ingestChannelMessage.ts';
import type { ChannelLeases } from './channelLeases.ts';
import { createChannelStateStore } from './channelStateStore.ts';
import type { ChannelRow } from './channels.repository.ts';

export const PAIRING_KEY = 'pairing';

export type SessionManagerOptions = {
  leases: ChannelLeases;
  /** Builds the (not yet started) adapter for a channel row. */
  adapterFor: (row: ChannelRow) => Promise<Channel>;
  intervalMs?: number;
};

export function startWhatsAppWebSessions(ctx: AppContext, options: SessionManagerOptions) {
  const running = new Map<string, Channel>();
  const connectionQueue = new Map<string, Promise<void>>();
  let stopped = false;

  async function tick(): Promise<void> {
    const rows = await ctx.repos.channels.listByType('whatsapp_web');
    const present = new Set(rows.map((row) => row.id));
    for (const [channelId, channel] of running) {
      if (!present.has(channelId) || !(await options.leases.acquire(channelId))) await stopSession(channelId, channel);
    }
    for (const row of rows) {
      if (stopped || running.has(row.id) || row.status === 'logged_out') continue;
      if (!(await options.leases.acquire(row.id))) continue;
      const channel = await options.adapterFor(row);
      running.set(row.id, channel);
      await channel.start?.(listenerFor(row)).catch((error: unknown) => ctx.logger.error({ err: error, channelId: row.id }, 'whatsapp web session failed to start'));
    }
  }

  function listenerFor(row: ChannelRow): ChannelListener {
    return {
      onInbound: async (messages) => {
        for (const inbound of messages) {
          await ingestChannelMessage(ctx.inbox, { clinicId: row.clinicId, channelId: row.id }, inbound);
        }
      },
      onStatus: async (updates) => {
        for (const update of updates) {
          await applyStatusUpdate(ctx.inbox, { channelId: row.id, providerMessageId: update.providerMessageId }, { status: update.status, ...(update.errorReason ? { error: update.errorReason } : {}) });
        }
      },
      // Connection updates come in bursts; applied one at a time so the last word wins.
      onConnection: (status, detail) => {
        const previous = connectionQueue.get(row.id) ?? Promise.resolve();
        const next = previous.then(() => publishConnection(row, status, detail)).catch((error: unknown) => ctx.logger.error({ err: error, channelId: row.id }, 'could not record whatsapp web connection state'));
        connectionQueue.set(row.id, next);
        return next;
      },
    };
  }

  async function publishConnection(row: ChannelRow, status: ConnectionStatus, detail?: { qr?: string; pairingCode?: string; reason?: string }) {
    const store = createChannelStateStore(ctx, row.id);
    const pairing = { qr: detail?.qr ?? null, pairingCode: detail?.pairingCode ?? null };
    if (status === 'pairing') await store.set(PAIRING_KEY, JSON.stringify(pairing));
    else await store.delete(PAIRING_KEY);
    // A session logged out on the phone is dead: forget its keys so the next start pairs afresh.
    if (status === 'logged_out') {
      await store.clear();
      const channel = running.get(row.id);
      if (channel) await stopSession(row.id, channel);
    }
    await ctx.repos.channels.update(row.clinicId, row.id, { status, statusDetail: detail?.reason ?? null });
    ctx.events.emit('channel:status', { clinicId: row.clinicId, channelId: row.id, status, ...(status === 'pairing' ? pairing : {}) });
  }

  async function stopSession(channelId: string, channel: Channel): Promise<void> {
    running.delete(channelId);
    await channel.stop?.().catch(() => undefined);
    await options.leases.release(channelId);
  }

  const safeTick = () => tick().catch((error: unknown) => ctx.logger.error({ err: error }, 'whatsapp web session manager tick failed'));
  const timer = setInterval(safeTick, options.intervalMs ?? 10_000);
  timer.unref();
  const first = safeTick();

  return {
    /** The adapter of a session this instance runs (the outbox sends through it). */
    running: (channelId: string) => running.get(channelId),
    tick: safeTick,
    ready: first,
    async stop(): Promise<void> {
      stopped = true;
      clearInterval(timer);
      await first;
      for (const [channelId, channel] of [...running]) await stopSession(channelId, channel);
    },
  };
}

export type WhatsAppWebSessions = ReturnType<typeof startWhatsAppWebSessions>;
