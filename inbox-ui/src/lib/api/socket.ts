// One socket.io connection on the same origin; the session cookie authenticates it. Typed with the server's
// own event map, so listening for an event the server never sends, or misreading a payload, fails to compile.
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../../server/contracts/realtime.ts';

export type InboxSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type { ChannelStatusEvent, NoteEvent } from '../../../../server/contracts/realtime.ts';

export function openSocket(): InboxSocket {
  return io({ transports: ['websocket', 'polling'] });
}
