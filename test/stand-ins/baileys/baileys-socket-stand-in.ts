// A stand-in for Baileys' socket: the test emits Baileys' own events (connection.update, messages.upsert…)
// with Baileys' own payload types, and sees what the connection sent. No network.
import { EventEmitter } from 'node:events';
import { WAProto } from '@whiskeysockets/baileys';
import type { BaileysEventMap, UserFacingSocketConfig } from '@whiskeysockets/baileys';
import type { SocketFactory, WhatsAppSocket } from '../../../integrations/channels/whatsapp-web/whatsapp-socket.ts';

export class BaileysSocketStandIn implements WhatsAppSocket {
  readonly sent: { jid: string; text: string; id: string }[] = [];
  readonly pairingCodeRequests: string[] = [];
  ended = false;
  loggedOut = false;
  private readonly emitter = new EventEmitter();
  private nextId = 1;

  constructor(readonly config: UserFacingSocketConfig) {}

  readonly ev = {
    on: <T extends keyof BaileysEventMap>(event: T, listener: (arg: BaileysEventMap[T]) => void): void => {
      this.emitter.on(event, listener);
    },
  };

  emit<T extends keyof BaileysEventMap>(event: T, arg: BaileysEventMap[T]): void {
    this.emitter.emit(event, arg);
  }

  async sendMessage(jid: string, content: { text: string }): Promise<WAProto.WebMessageInfo> {
    const id = `3EB0STANDIN${String(this.nextId++).padStart(8, '0')}`;
    this.sent.push({ jid, text: content.text, id });
    return WAProto.WebMessageInfo.fromObject({ key: { remoteJid: jid, fromMe: true, id }, message: { conversation: content.text }, status: 1 });
  }

  async requestPairingCode(phoneNumber: string): Promise<string> {
    this.pairingCodeRequests.push(phoneNumber);
    return 'ABCD1234';
  }

  end(): void {
    this.ended = true;
  }

  async logout(): Promise<void> {
    this.loggedOut = true;
  }
}

/** A socket factory that keeps every socket it made, newest last. */
export function baileysStandInFactory(): { makeSocket: SocketFactory; sockets: BaileysSocketStandIn[] } {
  const sockets: BaileysSocketStandIn[] = [];
  return {
    sockets,
    makeSocket: (config) => {
      const socket = new BaileysSocketStandIn(config);
      sockets.push(socket);
      return socket;
    },
  };
}

/** The error Baileys closes a connection with: a Boom whose output.statusCode is a DisconnectReason. */
export function disconnectError(statusCode: number): Error {
  return Object.assign(new Error('Connection Failure'), { output: { statusCode } });
}
