// One socket.io connection on the same origin; the session cookie authenticates it.
import { io, type Socket } from 'socket.io-client';

export function openSocket(): Socket {
  return io({ transports: ['websocket', 'polling'] });
}
