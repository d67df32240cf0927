// The inbox in daily use: scheduled messages and @mentions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSocket, recordEvents, sessionCookie } from '../support/sockets.ts';
import { loginAgent, startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';

let platform: TestPlatform;
let admin: Awaited<ReturnType<typeof loginAgent>>;

beforeAll(async () => {
  platform = await startTestPlatform();
  admin = await loginAgent(platform);
});
afterAll(() => platform.close());

async function newConversation(phone: string) {
  return (await admin.post('/api/simulator/messages').send({ from: phone, text: 'Hola' }).expect(201)).body.conversationId as string;
}

describe('send later', () => {
  it('when an agent schedules a message, then it waits, can be cancelled until sent, and a due one goes out', async () => {
    const conversationId = await newConversation('+34600444001');
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const scheduled = (await admin.post(`/api/conversations/${conversationId}/messages`).send({ text: 'Recuerde traer la tarjeta sanitaria', sendAt: later }).expect(201)).body;
    expect(scheduled).toMatchObject({ status: 'queued', scheduledFor: later });

    await new Promise((resolve) => setTimeout(resolve, 1500));
    const sentSoFar = (await admin.get('/api/simulator/messages').query({ phone: '+34600444001' }).expect(200)).body.items;
    expect(sentSoFar.find((m: { id: string; status: string }) => m.id === scheduled.id)?.status).toBe('queued');

    const cancelled = (await admin.post(`/api/messages/${scheduled.id}/cancel`).expect(200)).body;
    expect(cancelled).toMatchObject({ status: 'failed', errorCode: 'cancelled' });
    expect((await admin.post(`/api/messages/${scheduled.id}/cancel`).expect(409)).body.error.code).toBe('conflict');

    const soon = (await admin.post(`/api/conversations/${conversationId}/messages`).send({ text: 'Ya', sendAt: new Date(Date.now() + 200).toISOString() }).expect(201)).body;
    const deadline = Date.now() + 5000;
    let status = 'queued';
    while (status === 'queued' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      status = (await admin.get(`/api/conversations/${conversationId}/messages`)).body.items.find((m: { id: string }) => m.id === soon.id).status;
    }
    expect(status).toBe('delivered');
  });
});

describe('@mentions', () => {
  it('when a note mentions a colleague, then only that colleague is notified live; an unknown colleague is refused', async () => {
    const colleague = { email: 'marta@sonrisa.test', password: 'marta-pass-42' };
    const bystander = { email: 'luis@sonrisa.test', password: 'luis-pass-42' };
    const marta = (await admin.post('/api/users').send({ ...colleague, name: 'Marta' }).expect(201)).body;
    await admin.post('/api/users').send({ ...bystander, name: 'Luis' }).expect(201);
    const martaEvents = recordEvents(await connectSocket(platform.url, await sessionCookie(platform.url, colleague)));
    const luisEvents = recordEvents(await connectSocket(platform.url, await sessionCookie(platform.url, bystander)));

    const conversationId = await newConversation('+34600444002');
    const note = (await admin.post(`/api/conversations/${conversationId}/notes`).send({ text: '@Marta ¿le llamas tú?', mentions: [marta.id] }).expect(201)).body;
    expect(note.mentions).toEqual([marta.id]);
    const mention = await martaEvents.waitFor('note:mention', (p) => p.conversationId === conversationId);
    expect(mention.note.text).toBe('@Marta ¿le llamas tú?');
    await luisEvents.waitFor('note:new', (p) => p.conversationId === conversationId);
    expect(luisEvents.received.filter((e) => e.event === 'note:mention')).toEqual([]);

    const refused = await admin.post(`/api/conversations/${conversationId}/notes`).send({ text: 'x', mentions: ['00000000-0000-4000-8000-000000000000'] }).expect(404);
    expect(refused.body.error.field).toBe('mentions[0]');
  });
});
