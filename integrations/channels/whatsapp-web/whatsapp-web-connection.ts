// One WhatsApp Web session (Baileys): pairing by QR or code, auth state in the server's store,
// reconnect with backoff, logged-out detection, and inbound messages and receipts reported to a listener.
// The server makes sure only one instance runs a given session (database lease) before calling `start`.
import { Browsers, DisconnectReason, makeCacheableSignalKeyStore } from '@whiskeysockets/baileys';
import type { ConnectionState, UserFacingSocketConfig, WAMessage } from '@whiskeysockets/baileys';
import { pino } from 'pino';
import type { ChannelListener, ChannelLogger, ChannelStateStore, ConnectionStatus } from '../channel.ts';
import { ChannelSendError, errorMessageOf } from '../channel-send-error.ts';
import { backoffDelayMs } from '../delivery/retry-backoff.ts';
import { e164ToWhatsAppJid } from '../phone.ts';
import { mapBaileysMessage, type BaileysMapperOptions } from './baileys-message-mapper.ts';
import { mapBaileysMessageUpdates, mapBaileysReceipts } from './baileys-status-mapper.ts';
import { useStoredAuthState, type StoredAuthState } from './stored-auth-state.ts';
import { baileysSocketFactory, type SocketFactory, type WhatsAppSocket } from './whatsapp-socket.ts';

export interface WhatsAppWebConnectionOptions extends BaileysMapperOptions {
  store: ChannelStateStore;
  listener: ChannelListener;
  /** The clinic's WhatsApp number (E.164): pair with an 8-character code instead of a QR. */
  pairingPhone?: string;
  makeSocket?: SocketFactory;
  logger?: ChannelLogger;
  baileysLogger?: UserFacingSocketConfig['logger'];
  reconnect?: { baseDelayMs: number; maxDelayMs: number };
}

export interface PairingDetail {
  qr?: string;
  pairingCode?: string;
}

const OWN_IDS_KEPT = 500;

export class WhatsAppWebConnection {
  status: ConnectionStatus = 'closed';
  pairing: PairingDetail = {};
  private socket: WhatsAppSocket | undefined;
  private auth: StoredAuthState | undefined;
  private pairingCodeRequested = false;
  private stopped = true;
  private reconnectAttempts = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  /** Ids of messages this connection sent: Baileys echoes them in messages.upsert, and they are stored already. */
  private readonly ownMessageIds = new Set<string>();

  constructor(private readonly options: WhatsAppWebConnectionOptions) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    const socket = this.socket;
    this.socket = undefined;
    socket?.end(undefined);
    await this.setStatus('closed');
  }

  /** Unlinks this device on the phone's side too; the next start pairs afresh. */
  async logout(): Promise<void> {
    await this.socket?.logout();
  }

  async sendText(toE164: string, text: string): Promise<string> {
    if (!this.socket || this.status !== 'active') {
      throw ChannelSendError.transient('not_connected', 'The WhatsApp Web session is not connected');
    }
    const sent = await this.socket.sendMessage(e164ToWhatsAppJid(toE164), { text }).catch((error: unknown) => {
      // Baileys fails sends when the socket drops mid-way: worth another try once reconnected.
      throw ChannelSendError.transient('send_failed', errorMessageOf(error), error);
    });
    const id = sent?.key.id;
    if (!id) throw ChannelSendError.transient('no_message_id', 'WhatsApp did not return a message id');
    this.rememberOwnMessage(id);
    return id;
  }

  private async connect(): Promise<void> {
    const auth = await useStoredAuthState(this.options.store);
    this.auth = auth;
    this.pairingCodeRequested = false;
    const baileysLogger = this.options.baileysLogger ?? pino({ level: 'silent' });
    const socket = (this.options.makeSocket ?? baileysSocketFactory)({
      auth: { creds: auth.state.creds, keys: makeCacheableSignalKeyStore(auth.state.keys, baileysLogger) },
      logger: baileysLogger,
      browser: Browsers.ubuntu('Clinic Inbox'),
      printQRInTerminal: false,
      markOnlineOnConnect: false,
      syncFullHistory: false,
    });
    this.socket = socket;

    socket.ev.on('creds.update', () => {
      auth.saveCreds().catch((error: unknown) => this.options.logger?.error({ error: String(error) }, 'whatsapp web: saving credentials failed'));
    });
    socket.ev.on('connection.update', (update) => {
      if (socket !== this.socket) return;
      this.onConnectionUpdate(socket, update).catch((error: unknown) => this.options.logger?.error({ error: String(error) }, 'whatsapp web: connection update failed'));
    });
    socket.ev.on('messages.upsert', ({ messages }) => this.onMessages(messages));
    socket.ev.on('messages.update', (updates) => this.report(() => this.options.listener.onStatus(mapBaileysMessageUpdates(updates))));
    socket.ev.on('message-receipt.update', (receipts) => this.report(() => this.options.listener.onStatus(mapBaileysReceipts(receipts))));
    await this.setStatus('connecting');
  }

  private async onConnectionUpdate(socket: WhatsAppSocket, update: Partial<ConnectionState>): Promise<void> {
    if (update.qr) {
      if (this.options.pairingPhone && !this.pairingCodeRequested && !this.auth?.state.creds.registered) {
        this.pairingCodeRequested = true;
        const pairingCode = await socket.requestPairingCode(this.options.pairingPhone.replace(/\D/g, ''));
        this.pairing = { pairingCode };
      } else if (!this.options.pairingPhone) {
        this.pairing = { qr: update.qr };
      }
      await this.setStatus('pairing', this.pairing);
    }
    if (update.connection === 'open') {
      this.reconnectAttempts = 0;
      this.pairing = {};
      await this.setStatus('active');
    }
    if (update.connection === 'close') await this.onDisconnect(disconnectCode(update.lastDisconnect?.error));
  }

  private async onDisconnect(code: number | undefined): Promise<void> {
    this.socket = undefined;
    if (this.stopped) return this.setStatus('closed');
    if (code === DisconnectReason.loggedOut) {
      this.stopped = true;
      await this.auth?.forgetCreds();
      return this.setStatus('logged_out', { reason: 'The session was logged out from the phone: pair again' });
    }
    if (code === DisconnectReason.connectionReplaced) {
      // Another client took over this session; reconnecting would fight it.
      this.stopped = true;
      return this.setStatus('closed', { reason: 'Replaced by another WhatsApp Web session' });
    }
    // Baileys asks for an immediate restart right after pairing.
    const delayMs = code === DisconnectReason.restartRequired ? 0 : backoffDelayMs(++this.reconnectAttempts, this.options.reconnect ?? { baseDelayMs: 2000, maxDelayMs: 120_000 });
    await this.setStatus('reconnecting', { reason: `Disconnected (${code ?? 'unknown'}), retrying in ${Math.round(delayMs / 1000)} s` });
    this.reconnectTimer = setTimeout(() => {
      if (this.stopped) return;
      this.connect().catch((error: unknown) => this.options.logger?.error({ error: String(error) }, 'whatsapp web: reconnect failed'));
    }, delayMs);
  }

  private onMessages(messages: readonly WAMessage[]): void {
    const inbound = messages
      .filter((info) => !(info.key.fromMe && info.key.id && this.ownMessageIds.has(info.key.id)))
      .map((info) => mapBaileysMessage(info, this.options))
      .filter((message) => message !== undefined);
    if (inbound.length > 0) this.report(() => this.options.listener.onInbound(inbound));
  }

  private rememberOwnMessage(id: string): void {
    this.ownMessageIds.add(id);
    if (this.ownMessageIds.size > OWN_IDS_KEPT) {
      const oldest = this.ownMessageIds.values().next().value;
      if (oldest !== undefined) this.ownMessageIds.delete(oldest);
    }
  }

  private async setStatus(status: ConnectionStatus, detail?: PairingDetail & { reason?: string }): Promise<void> {
    this.status = status;
    this.options.logger?.info({ status }, 'whatsapp web: connection status');
    await this.options.listener.onConnection(status, detail);
  }

  private report(deliver: () => void | Promise<void>): void {
    Promise.resolve()
      .then(deliver)
      .catch((error: unknown) => this.options.logger?.error({ error: String(error) }, 'whatsapp web: listener failed'));
  }
}

/** Baileys closes with a Boom error whose `output.statusCode` is a DisconnectReason. */
function disconnectCode(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('output' in error)) return undefined;
  const output = error.output;
  if (typeof output !== 'object' || output === null || !('statusCode' in output)) return undefined;
  return typeof output.statusCode === 'number' ? output.statusCode : undefined;
}
