// The part of Baileys' socket the connection uses, so a test can hand in a stand-in socket.
import { makeWASocket } from '@whiskeysockets/baileys';
import type { BaileysEventMap, UserFacingSocketConfig, WAProto } from '@whiskeysockets/baileys';

export interface WhatsAppSocket {
  ev: {
    on<T extends keyof BaileysEventMap>(event: T, listener: (arg: BaileysEventMap[T]) => void): void;
  };
  sendMessage(jid: string, content: { text: string }): Promise<WAProto.WebMessageInfo | undefined>;
  requestPairingCode(phoneNumber: string): Promise<string>;
  end(error: Error | undefined): void;
  logout(message?: string): Promise<void>;
}

export type SocketFactory = (config: UserFacingSocketConfig) => WhatsAppSocket;

export const baileysSocketFactory: SocketFactory = (config) => makeWASocket(config);
