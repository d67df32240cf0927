// socket.io on the same HTTP server: staff sockets authenticated by the session cookie, one room per
// clinic (and per user), fed by a listener on domain events — the domain never touches sockets.
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { AppContext } from '../context.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../contracts/realtime.ts';
import { sessionToken } from '../http/middleware/auth.ts';
import type { SessionUser } from '../modules/auth/sessions.repository.ts';
import type { DomainEventMap } from '../modules/events.ts';
import { createSocketAdapter } from './adapter.ts';
import { Presence } from './presence.ts';

type SocketData = { user: SessionUser };
export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export const clinicRoom = (clinicId: string) => `clinic:${clinicId}`;
export const userRoom = (userId: string) => `user:${userId}`;

export async function startRealtime(ctx: AppContext, httpServer: HttpServer): Promise<{ io: RealtimeServer; presence: Presence; close: () => Promise<void> }> {
  const presence = new Presence();
  const adapter = await createSocketAdapter(ctx);
  const io: RealtimeServer = new Server(httpServer, { serveClient: false, ...(adapter ? { adapter: adapter.factory } : {}) });

  io.use(async (socket, next) => {
    const token = sessionToken(socket.handshake.headers.cookie);
    const user = token ? await ctx.repos.sessions.findUser(token) : null;
    if (!user) return next(new Error('unauthenticated'));
    socket.data.user = user;
    next();
  });
  io.on('connection', (socket) => {
    const { clinicId, id: userId } = socket.data.user;
    void socket.join([clinicRoom(clinicId), userRoom(userId)]);
    presence.connected(clinicId, userId);
    socket.on('disconnect', () => presence.disconnected(clinicId, userId));
  });

  const unsubscribe = listenToDomainEvents(ctx, io);
  return {
    io,
    presence,
    async close() {
      unsubscribe();
      await io.close();
      await adapter?.close();
    },
  };
}

function listenToDomainEvents(ctx: AppContext, io: RealtimeServer): () => void {
  const { events } = ctx;
  const toClinic = (clinicId: string) => io.to(clinicRoom(clinicId));
  type Payload<Name extends keyof DomainEventMap> = DomainEventMap[Name][0];
  const handlers = {
    'message:new': ({ clinicId, ...payload }: Payload<'message:new'>) => toClinic(clinicId).emit('message:new', payload),
    'message:status': ({ clinicId, ...payload }: Payload<'message:status'>) => toClinic(clinicId).emit('message:status', payload),
    'conversation:updated': ({ clinicId, conversation }: Payload<'conversation:updated'>) => toClinic(clinicId).emit('conversation:updated', { conversation }),
    'conversation:handover': ({ clinicId, ...payload }: Payload<'conversation:handover'>) => toClinic(clinicId).emit('conversation:handover', payload),
    'note:new': ({ clinicId, ...payload }: Payload<'note:new'>) => toClinic(clinicId).emit('note:new', payload),
    'channel:status': ({ clinicId, ...payload }: Payload<'channel:status'>) => toClinic(clinicId).emit('channel:status', payload),
  };
  events.on('channel:status', handlers['channel:status']);
  // A mention reaches only the colleague named in it.
  const onMention = ({ userId, conversationId, note }: Payload<'note:mention'>) => io.to(userRoom(userId)).emit('note:mention', { conversationId, note });
  events.on('note:mention', onMention);
  events.on('message:new', handlers['message:new']);
  events.on('message:status', handlers['message:status']);
  events.on('conversation:updated', handlers['conversation:updated']);
  events.on('conversation:handover', handlers['conversation:handover']);
  events.on('note:new', handlers['note:new']);
  return () => {
    events.off('message:new', handlers['message:new']);
    events.off('message:status', handlers['message:status']);
    events.off('conversation:updated', handlers['conversation:updated']);
    events.off('conversation:handover', handlers['conversation:handover']);
    events.off('note:new', handlers['note:new']);
    events.off('channel:status', handlers['channel:status']);
    events.off('note:mention', onMention);
  };
}
