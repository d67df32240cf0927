// socket.io on the same HTTP server: staff sockets authenticated by the session cookie, one room per
// clinic (and per user), fed by a listener on domain events — the domain never touches sockets.
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { AppContext } from '../context.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../contracts/realtime.ts';
import { sessionToken } from '../http/middleware/auth.ts';
import { crossOriginVerdict } from '../http/middleware/sameOrigin.ts';
import { sessionIdOf, type SessionUser } from '../modules/auth/sessions.repository.ts';
import type { DomainEventMap } from '../modules/events.ts';
import { createSocketAdapter } from './adapter.ts';
import { Presence } from './presence.ts';

type SocketData = { user: SessionUser; sessionId: string };
export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export const clinicRoom = (clinicId: string) => `clinic:${clinicId}`;
export const userRoom = (userId: string) => `user:${userId}`;
/** Every socket a session opened, so logging out closes them (sessionId: the token's hash, never the token). */
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;

export async function startRealtime(ctx: AppContext, httpServer: HttpServer): Promise<{ io: RealtimeServer; presence: Presence; close: () => Promise<void> }> {
  const presence = new Presence();
  const adapter = await createSocketAdapter(ctx);
  const io: RealtimeServer = new Server(httpServer, { serveClient: false, ...(adapter ? { adapter: adapter.factory } : {}) });

  // A browser always sends Origin on a WebSocket (and on cross-origin polling): a page elsewhere — another port
  // of the same site included — cannot ride the staff cookie. No Origin: not a browser (socket.io-client in Node).
  const publicOrigin = new URL(ctx.config.publicUrl).origin;
  io.use((socket, next) => {
    const { headers, secure } = socket.handshake;
    const ownOrigins = [publicOrigin, ...(headers.host ? [`${secure ? 'https' : 'http'}://${headers.host}`] : [])];
    const verdict = crossOriginVerdict({ origin: headers.origin }, ownOrigins);
    next(verdict ? new Error('forbidden_origin') : undefined);
  });
  io.use(async (socket, next) => {
    const token = sessionToken(socket.handshake.headers.cookie);
    const user = token ? await ctx.repos.sessions.findUser(token) : null;
    if (!token || !user) return next(new Error('unauthenticated'));
    socket.data.user = user;
    socket.data.sessionId = sessionIdOf(token);
    next();
  });
  io.on('connection', async (socket) => {
    const { clinicId, id: userId } = socket.data.user;
    presence.connected(clinicId, userId);
    socket.on('disconnect', () => presence.disconnected(clinicId, userId));
    await socket.join([clinicRoom(clinicId), userRoom(userId), sessionRoom(socket.data.sessionId)]);
    // A revocation between the handshake's check and the join found no socket in the rooms yet: look again.
    const token = sessionToken(socket.handshake.headers.cookie);
    const stillValid = token
      ? await ctx.repos.sessions.findUser(token).catch((err: unknown) => {
          // Unconfirmed is not trusted: the client reconnects and the handshake checks again.
          ctx.logger.warn({ err, userId }, 'could not recheck a new socket session; disconnecting it');
          return null;
        })
      : null;
    if (!stillValid) socket.disconnect(true);
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
  // Ended sessions lose their sockets; through the adapter, on every instance.
  const onRevoked = ({ userId, sessionId, keepSessionId }: Payload<'session:revoked'>) => {
    if (sessionId) io.in(sessionRoom(sessionId)).disconnectSockets(true);
    else if (keepSessionId) io.in(userRoom(userId)).except(sessionRoom(keepSessionId)).disconnectSockets(true);
    else io.in(userRoom(userId)).disconnectSockets(true);
  };
  events.on('session:revoked', onRevoked);
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
    events.off('session:revoked', onRevoked);
  };
}
