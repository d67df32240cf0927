import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { applyStatusUpdate } from '../../server/modules/inbox/applyStatusUpdate.ts';
import { handOver } from '../../server/modules/inbox/ownership.ts';
import { connectSocket, recordEvents, sessionCookie } from '../support/sockets.ts';
import { addClinic, loginAgent, startTestPlatform, type TestPlatform, disableAutoReply } from '../support/testPlatform.ts';

let platform: TestPlatform;
let admin: Awaited<ReturnType<typeof loginAgent>>;
let clinicId: string;
const sockets: Socket[] = [];
let phoneCounter = 100;
const newPhone = () => `+3460070${String(phoneCounter++).padStart(4, '0')}`;

beforeAll(async () => {
  platform = await startTestPlatform();
  admin = await loginAgent(platform);
  await disableAutoReply(admin);
  clinicId = (await admin.get('/api/auth/me')).body.user.clinicId;
});
afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await platform.close();
});

function patientWrites(from: string, body: { text?: string; button?: string; id?: string }) {
  return admin.post('/api/simulator/messages').send({ from, ...body });
}

async function socketFor(credentials?: { email: string; password: string }) {
  const socket = await connectSocket(platform.url, await sessionCookie(platform.url, credentials));
  sockets.push(socket);
  return recordEvents(socket);
}

describe('inbound messages', () => {
  it('when an unknown number writes, then a patient with only that phone and a conversation needing a person appear, live on the clinic socket only', async () => {
    const mine = await socketFor();
    const other = await addClinic(platform, 'Clínica Ajena');
    const foreign = await socketFor(other.admin);
    const from = newPhone();

    const res = await patientWrites(from, { text: 'Hola, ¿puedo cambiar mi cita?' }).expect(201);
    const { conversationId, message } = res.body;
    expect(message).toMatchObject({ direction: 'in', author: 'patient', text: 'Hola, ¿puedo cambiar mi cita?', status: 'delivered' });

    const live = await mine.waitFor('message:new', (p) => p.conversationId === conversationId);
    expect(live.message.text).toBe('Hola, ¿puedo cambiar mi cita?');
    await mine.waitFor('conversation:updated', (p) => p.conversation.id === conversationId);

    const conversation = (await admin.get(`/api/conversations/${conversationId}`).expect(200)).body;
    expect(conversation).toMatchObject({ state: 'human', unreadCount: 1, channelType: 'simulator', lastMessagePreview: 'Hola, ¿puedo cambiar mi cita?', handoverReason: 'new_conversation' });
    const patient = (await admin.get(`/api/patients/${conversation.patientId}`).expect(200)).body;
    expect(patient).toMatchObject({ firstName: '', lastName: '', phones: [from] });

    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(foreign.received.filter((entry) => JSON.stringify(entry.payload).includes(conversationId))).toEqual([]);
  });

  it('when the same provider message arrives twice, then it is stored once', async () => {
    const from = newPhone();
    const first = await patientWrites(from, { text: 'Confirmo', id: 'SM-dup-1' }).expect(201);
    const again = await patientWrites(from, { text: 'Confirmo', id: 'SM-dup-1' }).expect(200);
    expect(again.body).toEqual({ duplicate: true });
    const messages = (await admin.get(`/api/conversations/${first.body.conversationId}/messages`).expect(200)).body.items;
    expect(messages).toHaveLength(1);
    const conversation = (await admin.get(`/api/conversations/${first.body.conversationId}`).expect(200)).body;
    expect(conversation.unreadCount).toBe(1);
  });

  it('when two messages from a new number arrive together, then they share one patient and one conversation', async () => {
    const from = newPhone();
    const [a, b] = await Promise.all([patientWrites(from, { text: 'uno' }), patientWrites(from, { text: 'dos' })]);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(a.body.conversationId).toBe(b.body.conversationId);
    const found = (await admin.get('/api/patients').query({ q: from }).expect(200)).body.items;
    expect(found).toHaveLength(1);
  });

  it('when the patient writes to a closed conversation, then it reopens for a person', async () => {
    const from = newPhone();
    const { conversationId } = (await patientWrites(from, { text: 'Gracias' }).expect(201)).body;
    await admin.post(`/api/conversations/${conversationId}/close`).send({ reason: 'resuelto' }).expect(200);
    await patientWrites(from, { text: 'Perdona, otra pregunta' }).expect(201);
    const conversation = (await admin.get(`/api/conversations/${conversationId}`).expect(200)).body;
    expect(conversation).toMatchObject({ state: 'human', handoverReason: 'patient_wrote_again' });
  });
});

describe('replies and delivery', () => {
  it('when an agent replies, then it is queued, sent once through the simulator and its status updates arrive live', async () => {
    const events = await socketFor();
    const from = newPhone();
    const { conversationId } = (await patientWrites(from, { text: '¿A qué hora abrís?' }).expect(201)).body;

    const reply = await admin.post(`/api/conversations/${conversationId}/messages`).send({ text: 'Abrimos a las 9:00.', idempotencyKey: 'reply-abc-123' }).expect(201);
    expect(reply.body).toMatchObject({ direction: 'out', author: 'agent', status: 'queued', text: 'Abrimos a las 9:00.' });
    const retried = await admin.post(`/api/conversations/${conversationId}/messages`).send({ text: 'Abrimos a las 9:00.', idempotencyKey: 'reply-abc-123' }).expect(201);
    expect(retried.body.id).toBe(reply.body.id);

    await events.waitFor('message:status', (p) => p.messageId === reply.body.id && p.status === 'delivered', 5000);
    const sent = (await admin.get('/api/simulator/messages').query({ phone: from }).expect(200)).body.items;
    expect(sent.map((m: { text: string }) => m.text)).toEqual(['Abrimos a las 9:00.']);
    expect(sent[0].status).toBe('delivered');
  });

  it('when a late "sent" arrives after "read", then the status stays read', async () => {
    const from = newPhone();
    const { conversationId } = (await patientWrites(from, { text: 'hola' }).expect(201)).body;
    const reply = (await admin.post(`/api/conversations/${conversationId}/messages`).send({ text: 'Buenos días' }).expect(201)).body;
    expect(await applyStatusUpdate(platform.ctx.inbox, { id: reply.id }, { status: 'read' })).toBe(true);
    expect(await applyStatusUpdate(platform.ctx.inbox, { id: reply.id }, { status: 'sent' })).toBe(false);
    expect(await applyStatusUpdate(platform.ctx.inbox, { id: reply.id }, { status: 'failed', error: 'late failure' })).toBe(false);
    const [latest] = (await admin.get(`/api/conversations/${conversationId}/messages`).expect(200)).body.items;
    expect(latest).toMatchObject({ id: reply.id, status: 'read' });
  });

  it('when a reply is empty or the conversation unknown, then 400 names the field or 404', async () => {
    const { conversationId } = (await patientWrites(newPhone(), { text: 'x' }).expect(201)).body;
    expect((await admin.post(`/api/conversations/${conversationId}/messages`).send({ text: '  ' }).expect(400)).body.error.field).toBe('text');
    await admin.post('/api/conversations/00000000-0000-4000-8000-000000000000/messages').send({ text: 'hola' }).expect(404);
  });
});

describe('who handles the conversation', () => {
  it('when a bot hands over, an agent takes over, hands back and closes, then each change is recorded with its cause and broadcast', async () => {
    const events = await socketFor();
    const { conversationId } = (await patientWrites(newPhone(), { button: 'Agendar cita' }).expect(201)).body;
    const me = (await admin.get('/api/auth/me')).body.user;

    // The first message already announced a "new_conversation" handover; look only at what comes next.
    await events.waitFor('conversation:handover', (p) => p.conversationId === conversationId);
    const seen = events.received.length;
    await handOver(platform.ctx.inbox, clinicId, conversationId, { type: 'bot', id: 'recall' }, 'recall_accepted');
    const handover = await events.waitFor('conversation:handover', (p) => p.conversationId === conversationId, 2000, seen);
    expect(handover.reason).toBe('recall_accepted');

    const taken = (await admin.post(`/api/conversations/${conversationId}/takeover`).expect(200)).body;
    expect(taken).toMatchObject({ state: 'human', handoverReason: 'agent_takeover', assigneeId: me.id });
    const back = (await admin.post(`/api/conversations/${conversationId}/handback`).expect(200)).body;
    expect(back).toMatchObject({ state: 'bot', assigneeId: null, handoverReason: null });
    await admin.post(`/api/conversations/${conversationId}/close`).send({ reason: 'cita agendada' }).expect(200);
    await events.waitFor('conversation:updated', (p) => p.conversation.id === conversationId && p.conversation.state === 'closed');

    const trail = (await admin.get(`/api/conversations/${conversationId}/events`).expect(200)).body.items;
    expect(trail.map((e: { kind: string; toState: string; actorType: string; reason: string | null }) => [e.kind, e.toState, e.actorType, e.reason])).toEqual([
      ['handover', 'human', 'bot', 'recall_accepted'],
      ['takeover', 'human', 'agent', 'agent_takeover'],
      ['handback', 'bot', 'agent', null],
      ['close', 'closed', 'agent', 'cita agendada'],
    ]);
  });

  it('when an agent replies to a conversation a bot is handling, then the bot is paused and the agent owns it', async () => {
    const { conversationId } = (await patientWrites(newPhone(), { text: 'Sí' }).expect(201)).body;
    await admin.post(`/api/conversations/${conversationId}/handback`).expect(200);
    await admin.post(`/api/conversations/${conversationId}/messages`).send({ text: 'Te escribo yo' }).expect(201);
    const conversation = (await admin.get(`/api/conversations/${conversationId}`).expect(200)).body;
    expect(conversation.state).toBe('human');
  });

  it('when assigned, labelled, noted and read, then the list filters find it', async () => {
    const from = newPhone();
    const { conversationId } = (await patientWrites(from, { text: 'Necesito factura' }).expect(201)).body;
    const me = (await admin.get('/api/auth/me')).body.user;
    await admin.post(`/api/conversations/${conversationId}/assign`).send({ userId: me.id }).expect(200);
    await admin.post(`/api/conversations/${conversationId}/labels`).send({ labels: ['facturas', 'facturas', 'urgente'] }).expect(200);
    const note = await admin.post(`/api/conversations/${conversationId}/notes`).send({ text: 'Pedir NIF' }).expect(201);
    expect(note.body).toMatchObject({ text: 'Pedir NIF', authorId: me.id });

    const ids = async (query: Record<string, string>) => (await admin.get('/api/conversations').query(query).expect(200)).body.items.map((c: { id: string }) => c.id);
    expect(await ids({ assignee: 'me' })).toContain(conversationId);
    expect(await ids({ assignee: 'none' })).not.toContain(conversationId);
    expect(await ids({ label: 'urgente' })).toEqual([conversationId]);
    expect(await ids({ q: from.slice(3) })).toEqual([conversationId]);
    expect(await ids({ unread: 'true' })).toContain(conversationId);
    await admin.post(`/api/conversations/${conversationId}/read`).expect(200);
    expect(await ids({ unread: 'true' })).not.toContain(conversationId);
    expect(await ids({ state: 'closed' })).not.toContain(conversationId);

    expect((await admin.post(`/api/conversations/${conversationId}/assign`).send({ userId: '00000000-0000-4000-8000-000000000000' }).expect(404)).body.error.field).toBe('userId');
    expect((await admin.get('/api/conversations').query({ state: 'sleeping' }).expect(400)).body.error.field).toBe('state');
  });

  it('when the handover queue is listed oldest first, then pages follow in waiting order', async () => {
    const created: string[] = [];
    for (let i = 0; i < 3; i++) created.push((await patientWrites(newPhone(), { text: `espera ${i}` }).expect(201)).body.conversationId);
    const seen: string[] = [];
    let cursor: string | null = null as string | null;
    do {
      const res: { body: { items: Array<{ id: string }>; nextCursor: string | null } } = await admin.get('/api/conversations').query({ state: 'human', order: 'waiting', limit: 2, ...(cursor ? { cursor } : {}) }).expect(200);
      seen.push(...res.body.items.map((c: { id: string }) => c.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    const positions = created.map((id) => seen.indexOf(id));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });
});

describe('patients from unknown numbers', () => {
  it('when a phone-only patient is merged into the real one, then conversations and history move and the duplicate goes', async () => {
    const phone = newPhone();
    const real = (await admin.post('/api/patients').send({ firstName: 'Carmen', lastName: 'Ruiz', phones: ['+34911222333'] }).expect(201)).body;
    const { conversationId, message } = (await patientWrites(phone, { text: 'Soy Carmen, escribo desde otro móvil' }).expect(201)).body;
    const unknown = (await admin.get(`/api/conversations/${conversationId}`).expect(200)).body.patientId;

    const merged = await admin.post(`/api/patients/${real.id}/merge`).send({ sourcePatientId: unknown }).expect(200);
    expect(merged.body.phones).toEqual(['+34911222333', phone]);
    await admin.get(`/api/patients/${unknown}`).expect(404);
    const conversation = (await admin.get(`/api/conversations/${conversationId}`).expect(200)).body;
    expect(conversation.patientId).toBe(real.id);
    const log = (await admin.get(`/api/patients/${real.id}/messages`).expect(200)).body.items;
    expect(log.map((m: { id: string }) => m.id)).toContain(message.id);
  });
});

describe('clinic isolation', () => {
  it("when clinic B asks for clinic A's conversation by any route, then it gets 404", async () => {
    const { conversationId } = (await patientWrites(newPhone(), { text: 'privado' }).expect(201)).body;
    const other = await addClinic(platform, 'Clínica Curiosa');
    const clinicB = await loginAgent(platform, other.admin);
    await clinicB.get(`/api/conversations/${conversationId}`).expect(404);
    await clinicB.get(`/api/conversations/${conversationId}/messages`).expect(404);
    await clinicB.get(`/api/conversations/${conversationId}/events`).expect(404);
    await clinicB.get(`/api/conversations/${conversationId}/notes`).expect(404);
    for (const action of ['takeover', 'handback', 'close', 'reopen', 'read']) await clinicB.post(`/api/conversations/${conversationId}/${action}`).expect(404);
    await clinicB.post(`/api/conversations/${conversationId}/messages`).send({ text: 'hola' }).expect(404);
    await clinicB.post(`/api/conversations/${conversationId}/notes`).send({ text: 'hola' }).expect(404);
    await clinicB.post(`/api/conversations/${conversationId}/assign`).send({ userId: null }).expect(404);
    const list = (await clinicB.get('/api/conversations').expect(200)).body.items;
    expect(list).toEqual([]);
  });

  it('when a socket has no session, then it is refused', async () => {
    await expect(connectSocket(platform.url, null)).rejects.toThrow(/unauthenticated/);
  });
});
