// WhatsApp's 24-hour customer-service window on an official channel (Twilio WhatsApp against the local stand-in):
// free text only inside it, approved content templates outside it, refusals explained with "send as template".
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postAsTwilio } from '../stand-ins/twilio/sign-twilio-request.ts';
import { TwilioStandIn } from '../stand-ins/twilio/twilio-stand-in.ts';
import { freePort } from '../support/freePort.ts';
import { disableAutoReply, loginAgent, startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';

const ACCOUNT = 'AC11112222333344445555666677778888';
const TOKEN = 'twilio-window-token-1';
const CLINIC_NUMBER = '+34910000077';

let twilio: TwilioStandIn;
let platform: TestPlatform;
let admin: Awaited<ReturnType<typeof loginAgent>>;
let agent: Awaited<ReturnType<typeof loginAgent>>;
let channelId: string;
let webhookUrl: string;
let approved: string;
let pending: string;
let sidCounter = 0;

type Message = { id: string; status: string; text: string; errorCode?: string; errorExplanation?: Record<string, string>; canSendAsTemplate?: boolean; template?: { id: string; name: string } };

beforeAll(async () => {
  twilio = await TwilioStandIn.start({ [ACCOUNT]: TOKEN });
  approved = twilio.addContentTemplate(ACCOUNT, { friendlyName: 'retomar_conversacion', body: 'Hola {{1}}, le escribimos de la clínica. ¿Podemos seguir hablando por aquí?', variables: { '1': 'María' } });
  pending = twilio.addContentTemplate(ACCOUNT, { friendlyName: 'promo_verano', body: 'Oferta de verano', approval: { status: 'pending', category: 'MARKETING' } });
  twilio.addContentTemplate(ACCOUNT, { friendlyName: 'rechazada', body: 'Texto rechazado', approval: { status: 'rejected', category: 'MARKETING', rejectionReason: 'Promotional content' } });
  twilio.addContentTemplate(ACCOUNT, { friendlyName: 'borrador', body: 'Sin enviar a revisión', approval: null });
  const port = await freePort();
  platform = await startTestPlatform({ PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` });
  admin = await loginAgent(platform);
  await disableAutoReply(admin);
  await admin.post('/api/users').send({ email: 'recepcion@sonrisa.test', password: 'recepcion-42', name: 'Recepción' }).expect(201);
  agent = await loginAgent(platform, { email: 'recepcion@sonrisa.test', password: 'recepcion-42' });
  channelId = (
    await admin
      .post('/api/channels')
      .send({ type: 'twilio_whatsapp', name: 'WhatsApp oficial', config: { accountSid: ACCOUNT, authToken: TOKEN, from: `whatsapp:${CLINIC_NUMBER}`, apiBaseUrl: twilio.url } })
      .expect(201)
  ).body.id;
  webhookUrl = `http://127.0.0.1:${port}/webhooks/twilio/${channelId}`;
});
afterAll(async () => {
  await platform?.close();
  await twilio?.close();
});

/** A patient writes on WhatsApp; answers the conversation. */
async function patientWrites(phone: string, body = 'Hola, una consulta') {
  const sid = `SM${String(++sidCounter).padStart(32, '0')}`;
  const params = { AccountSid: ACCOUNT, MessageSid: sid, SmsMessageSid: sid, From: `whatsapp:${phone}`, To: `whatsapp:${CLINIC_NUMBER}`, Body: body, NumMedia: '0', ProfileName: 'Paciente', ApiVersion: '2010-04-01' };
  expect((await postAsTwilio(webhookUrl, TOKEN, params)).status).toBe(200);
  const items = (await admin.get('/api/conversations').query({ q: phone.slice(-9), channel: 'twilio_whatsapp' }).expect(200)).body.items;
  return items[0] as { id: string; windowExpiresAt: string | null; lastInboundAt: string; state: string };
}

async function expireWindow(conversationId: string) {
  await platform.ctx.db.execute(sql`UPDATE conversations SET last_inbound_at = now() - interval '25 hours' WHERE id = ${conversationId}`);
}

async function messageOf(conversationId: string, messageId: string, until: (message: Message) => boolean = () => true): Promise<Message> {
  const deadline = Date.now() + 8000;
  for (;;) {
    const items = (await admin.get(`/api/conversations/${conversationId}/messages`).expect(200)).body.items as Message[];
    const found = items.find((m) => m.id === messageId);
    if (found && until(found)) return found;
    if (Date.now() > deadline) throw new Error(`message ${messageId} never matched; last ${JSON.stringify(found)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const sentToTwilio = (to: string) => twilio.requests.filter((r) => r.method === 'POST' && r.params.To === `whatsapp:${to}`);

describe('content templates', () => {
  it("when anyone in the clinic asks for the channel's content templates, then Twilio's list comes with each approval status", async () => {
    const body = (await agent.get(`/api/channels/${channelId}/content-templates`).expect(200)).body;
    expect(body.stale).toBe(false);
    const byName = Object.fromEntries((body.items as Array<{ name: string }>).map((item) => [item.name, item]));
    expect(byName.retomar_conversacion).toMatchObject({ id: approved, approvalStatus: 'approved', category: 'UTILITY', language: 'es', variables: { '1': 'María' }, body: expect.stringContaining('{{1}}') });
    expect(byName.promo_verano).toMatchObject({ id: pending, approvalStatus: 'pending' });
    expect(byName.rechazada).toMatchObject({ approvalStatus: 'rejected', rejectionReason: 'Promotional content' });
    expect(byName.borrador).toMatchObject({ approvalStatus: 'unsubmitted' });
    expect(twilio.requests.some((r) => r.path === '/v1/Content' && r.authorized)).toBe(true);
  });

  it('when Twilio cannot be reached, then the last synced list is answered and marked stale', async () => {
    twilio.failContentNext(1);
    const body = (await agent.get(`/api/channels/${channelId}/content-templates`).expect(200)).body;
    expect(body.stale).toBe(true);
    expect(body.items.map((item: { id: string }) => item.id)).toContain(approved);
    expect((await agent.get(`/api/channels/${channelId}/content-templates`).expect(200)).body.stale).toBe(false);
  });

  it('when the channel is the simulator, then it has no content templates', async () => {
    const simulator = (await admin.get('/api/channels').expect(200)).body.items.find((c: { type: string }) => c.type === 'simulator');
    expect((await agent.get(`/api/channels/${simulator.id}/content-templates`).expect(422)).body.error.code).toBe('templates_not_supported');
  });
});

describe('the 24-hour window', () => {
  it('when the patient wrote, then windowExpiresAt is 24 h later and free text goes out; once it passed, then free text is refused asking for a template', async () => {
    const conversation = await patientWrites('+34600700001');
    expect(new Date(conversation.windowExpiresAt!).getTime()).toBe(new Date(conversation.lastInboundAt).getTime() + 24 * 3_600_000);
    const inside = (await agent.post(`/api/conversations/${conversation.id}/messages`).send({ text: 'Claro, dígame' }).expect(201)).body;
    await messageOf(conversation.id, inside.id, (m) => m.status === 'sent');

    await expireWindow(conversation.id);
    const before = sentToTwilio('+34600700001').length;
    const refused = await agent.post(`/api/conversations/${conversation.id}/messages`).send({ text: '¿Sigue ahí?' }).expect(409);
    expect(refused.body.error).toMatchObject({ code: 'whatsapp_window_closed', field: 'text' });
    expect(refused.body.error.message).toMatch(/template/);
    expect(sentToTwilio('+34600700001').length).toBe(before);
    const shown = (await agent.get(`/api/conversations/${conversation.id}`).expect(200)).body;
    expect(new Date(shown.windowExpiresAt).getTime()).toBeLessThan(Date.now());
  });

  it('when the window has closed, then an approved template is accepted and Twilio gets its content SID and variables', async () => {
    const conversation = await patientWrites('+34600700002');
    await expireWindow(conversation.id);
    const sent = (await agent.post(`/api/conversations/${conversation.id}/messages`).send({ template: { contentSid: approved, variables: { '1': 'Lucía' } } }).expect(201)).body;
    expect(sent).toMatchObject({ author: 'agent', text: 'Hola Lucía, le escribimos de la clínica. ¿Podemos seguir hablando por aquí?', template: { id: approved, name: 'retomar_conversacion' } });
    await messageOf(conversation.id, sent.id, (m) => m.status === 'sent');
    const request = sentToTwilio('+34600700002').at(-1)!;
    expect(request.params).toMatchObject({ ContentSid: approved, ContentVariables: '{"1":"Lucía"}' });
    expect(request.params.Body).toBeUndefined();
  });

  it('when the template is not approved or a placeholder has no value, then it is refused naming why', async () => {
    const conversation = await patientWrites('+34600700003');
    await expireWindow(conversation.id);
    const notApproved = await agent.post(`/api/conversations/${conversation.id}/messages`).send({ template: { contentSid: pending } }).expect(422);
    expect(notApproved.body.error).toMatchObject({ code: 'template_not_approved', field: 'template.contentSid' });
    const missing = await agent.post(`/api/conversations/${conversation.id}/messages`).send({ template: { contentSid: approved } }).expect(400);
    expect(missing.body.error).toMatchObject({ code: 'validation_failed', field: 'template.variables.1' });
    const unknown = await agent.post(`/api/conversations/${conversation.id}/messages`).send({ template: { contentSid: 'HX00000000000000000000000000000000' } }).expect(422);
    expect(unknown.body.error.code).toBe('template_not_found');
  });

  it('when an expired conversation was closed, then a template reopens it for a person without restarting a bot', async () => {
    const conversation = await patientWrites('+34600700004');
    await admin.post(`/api/conversations/${conversation.id}/close`).expect(200);
    await expireWindow(conversation.id);
    await agent.post(`/api/conversations/${conversation.id}/messages`).send({ template: { contentSid: approved, variables: { '1': 'Pablo' } } }).expect(201);
    const reopened = (await agent.get(`/api/conversations/${conversation.id}`).expect(200)).body;
    expect(reopened.state).toBe('human');
    const events = (await admin.get(`/api/conversations/${conversation.id}/events`).expect(200)).body.items;
    expect(events.at(-1)).toMatchObject({ kind: 'reopen', fromState: 'closed', toState: 'human', actorType: 'agent', reason: 'reopened_with_template' });
    expect(events.some((e: { kind: string }) => e.kind === 'bot_start')).toBe(false);
  });
});

describe('refusals for the window', () => {
  it('when Twilio refuses a message with 63016, then it shows the plain explanation and one click re-sends it as an approved template', async () => {
    const conversation = await patientWrites('+34600700005');
    const reply = (await agent.post(`/api/conversations/${conversation.id}/messages`).send({ text: 'Le confirmo la cita' }).expect(201)).body;
    await messageOf(conversation.id, reply.id, (m) => m.status === 'sent');
    const sid = [...twilio.messages.values()].find((m) => m.to === 'whatsapp:+34600700005' && m.body === 'Le confirmo la cita')!.sid;
    expect((await twilio.sendStatusCallback(sid, 'undelivered', { ErrorCode: '63016' })).status).toBe(204);

    const failed = await messageOf(conversation.id, reply.id, (m) => m.status === 'failed');
    expect(failed).toMatchObject({ errorCode: '63016', canSendAsTemplate: true });
    expect(failed.errorExplanation?.es).toMatch(/24 horas/);
    expect(failed.errorExplanation?.en).toMatch(/24 hours/);

    const resent = (await agent.post(`/api/messages/${reply.id}/send-as-template`).send({ variables: { '1': 'Ana' } }).expect(201)).body;
    expect(resent).toMatchObject({ template: { id: approved }, text: expect.stringContaining('Hola Ana') });
    // A second click is the same resend, not another message.
    const again = (await agent.post(`/api/messages/${reply.id}/send-as-template`).send({ variables: { '1': 'Ana' } }).expect(201)).body;
    expect(again.id).toBe(resent.id);
    await messageOf(conversation.id, resent.id, (m) => m.status === 'sent');
    expect(sentToTwilio('+34600700005').filter((r) => r.params.ContentSid === approved)).toHaveLength(1);
  });

  it('when a message did not fail for the window, then it cannot be re-sent as a template', async () => {
    const conversation = await patientWrites('+34600700006');
    const reply = (await agent.post(`/api/conversations/${conversation.id}/messages`).send({ text: 'Todo bien' }).expect(201)).body;
    await messageOf(conversation.id, reply.id, (m) => m.status === 'sent');
    expect((await agent.post(`/api/messages/${reply.id}/send-as-template`).send({}).expect(409)).body.error.code).toBe('conflict');
  });
});

describe('automated messages outside the window', () => {
  const waitForAppointment = async (id: string, ok: (appointment: { status: string }) => boolean) => {
    const deadline = Date.now() + 8000;
    for (;;) {
      const appointment = (await admin.get(`/api/appointments/${id}`).expect(200)).body as { status: string };
      if (ok(appointment) || Date.now() > deadline) return appointment;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const notices = async (patientId: string) =>
    (
      await platform.ctx.db.execute<{ channel_kind: string; status: string; error_code: string | null; type: string; meta: Record<string, unknown> }>(sql`
        SELECT m.channel_kind, m.status, m.error_code, m.meta, ch.type FROM messages m JOIN conversations c ON c.id = m.conversation_id JOIN channels ch ON ch.id = c.channel_id
        WHERE c.patient_id = ${patientId} AND m.purpose = 'appointment_booked' ORDER BY m.seq`)
    ).rows;
  const settle = async (patientId: string, ok: (rows: Awaited<ReturnType<typeof notices>>) => boolean) => {
    const deadline = Date.now() + 8000;
    let rows = await notices(patientId);
    while (!ok(rows) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      rows = await notices(patientId);
    }
    return rows;
  };

  it('when a booking notice goes on WhatsApp to a patient who never wrote and there is no approved template for it, then it is not sent as free text and goes by SMS instead', async () => {
    await admin.put('/api/automations').send({ notices: { undoMinutes: 0 } }).expect(200);
    const patient = (await admin.post('/api/patients').send({ firstName: 'Irene', lastName: 'Sanz', phones: ['+34600700010'], preferredChannel: 'whatsapp' }).expect(201)).body;
    const before = sentToTwilio('+34600700010').length;
    await admin.post('/api/appointments').send({ patientId: patient.id, startsAt: new Date(Date.now() + 3 * 86_400_000).toISOString() }).expect(201);
    const rows = await settle(patient.id, (list) => list.length === 1 && list[0]!.status !== 'queued');
    // The decision knew the window was closed: nothing was queued on WhatsApp to fail there first.
    expect(rows.map((r) => [r.type, r.channel_kind, r.status, r.error_code])).toEqual([['simulator', 'sms', 'delivered', null]]);
    expect(rows[0]!.meta).toMatchObject({ channelDecision: { passedOver: [{ kind: 'whatsapp', reason: 'window_closed' }] } });
    expect(sentToTwilio('+34600700010').length).toBe(before);
  });

  it('when a reminder flow would start on WhatsApp for a patient who never wrote and no template covers it, then it starts on SMS and its buttons work there', async () => {
    const patient = (await admin.post('/api/patients').send({ firstName: 'Lola', lastName: 'Gil', phones: ['+34600700012'], preferredChannel: 'whatsapp', privacyConsent: true }).expect(201)).body;
    const appointment = (await admin.post('/api/appointments').send({ patientId: patient.id, startsAt: new Date(Date.now() + 2 * 86_400_000).toISOString() }).expect(201)).body;
    const before = sentToTwilio('+34600700012').length;
    const started = (await admin.post('/api/bots/start').send({ flow: 'reminder', appointmentId: appointment.id }).expect(201)).body;
    const conversation = (await admin.get(`/api/conversations/${started.conversationId}`).expect(200)).body;
    expect(conversation).toMatchObject({ channelType: 'simulator', state: 'bot' });
    const sent = (await admin.get('/api/simulator/messages').query({ phone: '+34600700012' }).expect(200)).body.items;
    const fromBot = sent.filter((m: { author: string }) => m.author === 'bot');
    expect(fromBot.map((m: { channelKind: string; buttons?: string[] }) => [m.channelKind, m.buttons ?? null])).toEqual([['sms', null]]);
    expect(sentToTwilio('+34600700012').length).toBe(before);
    await admin.post('/api/simulator/messages').send({ from: '+34600700012', text: '1', kind: 'sms' }).expect(201);
    const confirmed = await waitForAppointment(appointment.id, (a) => a.status === 'confirmed');
    expect(confirmed.status).toBe('confirmed');
  });

  it('when a bot message fails for good at the provider, then the conversation goes to reception with the reason instead of waiting with the bot', async () => {
    const conversation = await patientWrites('+34600700014');
    const patientId = (await admin.get(`/api/conversations/${conversation.id}`).expect(200)).body.patient.id;
    const appointment = (await admin.post('/api/appointments').send({ patientId, startsAt: new Date(Date.now() + 2 * 86_400_000).toISOString() }).expect(201)).body;
    twilio.failFor('whatsapp:+34600700014', { status: 400, code: 63003, message: 'Channel could not find the To address' });
    const started = (await admin.post('/api/bots/start').send({ flow: 'reminder', appointmentId: appointment.id }).expect(201)).body;
    expect(started.conversationId).toBe(conversation.id);
    const deadline = Date.now() + 8000;
    let current = (await admin.get(`/api/conversations/${conversation.id}`).expect(200)).body;
    while (current.state !== 'human' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      current = (await admin.get(`/api/conversations/${conversation.id}`).expect(200)).body;
    }
    expect(current).toMatchObject({ state: 'human', handoverReason: 'bot_message_failed' });
  });

  it('when the window is closed and WhatsApp is the only channel the rule allows, then the reminder is refused with the reason instead of waiting with the bot', async () => {
    const rules = (await admin.get('/api/automations').expect(200)).body;
    await admin.put('/api/automations').send({ ...rules, events: { ...rules.events, reminders: { enabled: true, channels: ['whatsapp'] } } }).expect(200);
    try {
      // The simulator stands in only where no real channel carries a kind: WhatsApp here is the Twilio channel.
      const patient = (await admin.post('/api/patients').send({ firstName: 'Rosa', lastName: 'Pla', phones: ['+34600700013'], preferredChannel: 'whatsapp', privacyConsent: true }).expect(201)).body;
      const appointment = (await admin.post('/api/appointments').send({ patientId: patient.id, startsAt: new Date(Date.now() + 2 * 86_400_000).toISOString() }).expect(201)).body;
      const refused = await admin.post('/api/bots/start').send({ flow: 'reminder', appointmentId: appointment.id }).expect(422);
      expect(refused.body.error.code).toBe('whatsapp_window_closed');
    } finally {
      await admin.put('/api/automations').send(rules).expect(200);
    }
  });

  it('when the channel maps the event to an approved content template, then the notice goes out as that template', async () => {
    await admin.patch(`/api/channels/${channelId}`).send({ config: { contentTemplates: { appointment_booked: approved } } }).expect(200);
    const patient = (await admin.post('/api/patients').send({ firstName: 'Jorge', lastName: 'Ruiz', phones: ['+34600700011'], preferredChannel: 'whatsapp' }).expect(201)).body;
    await admin.post('/api/appointments').send({ patientId: patient.id, startsAt: new Date(Date.now() + 3 * 86_400_000).toISOString() }).expect(201);
    const rows = await settle(patient.id, (list) => list.length === 1 && list[0]!.status === 'sent');
    expect(rows.map((r) => [r.type, r.status])).toEqual([['twilio_whatsapp', 'sent']]);
    const params = sentToTwilio('+34600700011').at(-1)!.params;
    expect(params).toMatchObject({ ContentSid: approved });
    // {{1}} is the first field our template prints (the patient's name), not Twilio's sample "María".
    expect(JSON.parse(params.ContentVariables ?? '{}')).toMatchObject({ '1': 'Jorge' });
  });

  it('when the channel maps a reminder to a content template with named fields, then ContentVariables carries the patient\'s name, date and time', async () => {
    await admin
      .patch(`/api/channels/${channelId}`)
      .send({ config: { contentTemplates: { reminder: { sid: approved, variables: { '1': 'patient.firstName', '2': 'appointment.date', '3': 'appointment.startTime' } } } } })
      .expect(200);
    const patient = (await admin.post('/api/patients').send({ firstName: 'Carmen', lastName: 'Vidal', phones: ['+34600700015'], preferredChannel: 'whatsapp', privacyConsent: true }).expect(201)).body;
    const appointment = (await admin.post('/api/appointments').send({ patientId: patient.id, startsAt: '2030-03-14T09:30:00.000Z' }).expect(201)).body;
    await admin.post('/api/bots/start').send({ flow: 'reminder', appointmentId: appointment.id }).expect(201);
    const deadline = Date.now() + 8000;
    while (sentToTwilio('+34600700015').length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    const params = sentToTwilio('+34600700015').at(-1)!.params;
    expect(params.ContentSid).toBe(approved);
    expect(params.Body).toBeUndefined();
    expect(JSON.parse(params.ContentVariables ?? '{}')).toEqual({ '1': 'Carmen', '2': '14/03/2030', '3': '10:30' });
  });
});
