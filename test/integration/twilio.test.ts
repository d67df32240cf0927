// Twilio SMS end to end against the local stand-in of Twilio's REST API: signed webhooks in, replies out
// once, statuses back from callbacks, retries on 5xx, failures with Twilio's reason.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postAsTwilio, signTwilioRequest } from '../stand-ins/twilio/sign-twilio-request.ts';
import { TwilioStandIn } from '../stand-ins/twilio/twilio-stand-in.ts';
import { freePort } from '../support/freePort.ts';
import { connectSocket, recordEvents, sessionCookie } from '../support/sockets.ts';
import { loginAgent, startTestPlatform, type TestPlatform, disableAutoReply } from '../support/testPlatform.ts';

const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'twilio-auth-token-123';
const CLINIC_NUMBER = '+34910000001';

let twilio: TwilioStandIn;
let platform: TestPlatform;
let admin: Awaited<ReturnType<typeof loginAgent>>;
let channelId: string;
let webhookUrl: string;
let sidCounter = 0;

beforeAll(async () => {
  twilio = await TwilioStandIn.start({ [ACCOUNT]: TOKEN });
  const port = await freePort();
  platform = await startTestPlatform({ PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, OUTBOX_RETRY_BASE_MS: '20' });
  admin = await loginAgent(platform);
  await disableAutoReply(admin);
  const channel = await admin
    .post('/api/channels')
    .send({ type: 'twilio_sms', name: 'SMS Twilio', config: { accountSid: ACCOUNT, authToken: TOKEN, from: CLINIC_NUMBER, apiBaseUrl: twilio.url } })
    .expect(201);
  channelId = channel.body.id;
  webhookUrl = `http://127.0.0.1:${port}/webhooks/twilio/${channelId}`;
});
afterAll(async () => {
  await platform.close();
  await twilio.close();
});

const inboundParams = (from: string, body: string, sid = `SM${String(++sidCounter).padStart(32, '0')}`) => ({
  AccountSid: ACCOUNT,
  MessageSid: sid,
  SmsMessageSid: sid,
  From: from,
  To: CLINIC_NUMBER,
  Body: body,
  NumMedia: '0',
  ApiVersion: '2010-04-01',
});

async function conversationOf(phone: string) {
  const list = (await admin.get('/api/conversations').query({ q: phone, channel: 'twilio_sms' }).expect(200)).body.items;
  return list[0] as { id: string } | undefined;
}

async function waitForStatus(conversationId: string, messageId: string, status: string) {
  const deadline = Date.now() + 8000;
  while (Date.now() < deadline) {
    const items = (await admin.get(`/api/conversations/${conversationId}/messages`).expect(200)).body.items as Array<{ id: string; status: string; error?: string; errorCode?: string }>;
    const message = items.find((m) => m.id === messageId);
    if (message?.status === status) return message;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`message ${messageId} never reached ${status}`);
}

describe('Twilio channel settings', () => {
  it('when a channel is read back, then the auth token is never returned', async () => {
    const channel = (await admin.get(`/api/channels/${channelId}`).expect(200)).body;
    expect(channel.config).toMatchObject({ accountSid: ACCOUNT, from: CLINIC_NUMBER });
    expect(JSON.stringify(channel)).not.toContain(TOKEN);
    expect(channel.secretsSet).toEqual(['authToken']);
  });

  it('when the config is invalid, then 400 names the field', async () => {
    const res = await admin.post('/api/channels').send({ type: 'twilio_sms', name: 'Mal', config: { accountSid: 'XX1', authToken: TOKEN, from: CLINIC_NUMBER } }).expect(400);
    expect(res.body.error.field).toBe('config.accountSid');
  });
});

describe('Twilio webhooks', () => {
  it('when Twilio posts a signed inbound SMS, then it lands in the inbox live; a duplicate is stored once', async () => {
    const events = recordEvents(await connectSocket(platform.url, await sessionCookie(platform.url)));
    const params = inboundParams('+34600123001', 'Hola, quiero cambiar la cita');
    const res = await postAsTwilio(webhookUrl, TOKEN, params);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<Response>');
    const live = await events.waitFor('message:new', (p) => p.message.text === 'Hola, quiero cambiar la cita');
    expect(live.message).toMatchObject({ direction: 'in', channelKind: 'sms' });

    expect((await postAsTwilio(webhookUrl, TOKEN, params)).status).toBe(200);
    const conversation = await conversationOf('+34600123001');
    const messages = (await admin.get(`/api/conversations/${conversation!.id}/messages`).expect(200)).body.items;
    expect(messages).toHaveLength(1);
  });

  it('when a webhook is forged or unsigned, then 403 and nothing is stored', async () => {
    const params = inboundParams('+34600123002', 'mensaje falso');
    const forged = await postAsTwilio(webhookUrl, TOKEN, params, signTwilioRequest('not-the-token', webhookUrl, params));
    expect(forged.status).toBe(403);
    const unsigned = await fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(params).toString() });
    expect(unsigned.status).toBe(403);
    const tampered = await postAsTwilio(webhookUrl, TOKEN, { ...params, Body: 'otro texto' }, signTwilioRequest(TOKEN, webhookUrl, params));
    expect(tampered.status).toBe(403);
    expect(await conversationOf('+34600123002')).toBeUndefined();
  });
});

describe('one patient across channels', () => {
  it('when the same person writes by SMS and by WhatsApp, then both conversations belong to one patient', async () => {
    const whatsapp = (
      await admin
        .post('/api/channels')
        .send({ type: 'twilio_whatsapp', name: 'WhatsApp Twilio', config: { accountSid: ACCOUNT, authToken: TOKEN, from: `whatsapp:${CLINIC_NUMBER}`, apiBaseUrl: twilio.url } })
        .expect(201)
    ).body;
    const whatsappUrl = webhookUrl.replace(channelId, whatsapp.id);
    await postAsTwilio(webhookUrl, TOKEN, inboundParams('+34600123009', 'por SMS'));
    const params = { ...inboundParams('whatsapp:+34600123009', 'por WhatsApp'), To: `whatsapp:${CLINIC_NUMBER}`, ProfileName: 'Lola' };
    expect((await postAsTwilio(whatsappUrl, TOKEN, params)).status).toBe(200);
    const conversations = (await admin.get('/api/conversations').query({ q: '600123009' }).expect(200)).body.items as Array<{ patientId: string; channelType: string }>;
    expect(conversations.map((c) => c.channelType).sort()).toEqual(['twilio_sms', 'twilio_whatsapp']);
    expect(new Set(conversations.map((c) => c.patientId)).size).toBe(1);
    const patient = (await admin.get(`/api/patients/${conversations[0]!.patientId}`).expect(200)).body;
    expect(patient.phones).toEqual(['+34600123009']);
  });

  it('when the WhatsApp 24-hour window has closed, then free text is refused with a clear error, while SMS has no window', async () => {
    const all = (await admin.get('/api/conversations').query({ q: '600123009' }).expect(200)).body.items as Array<{ id: string; channelType: string; windowExpiresAt: string | null }>;
    const whatsapp = all.find((c) => c.channelType === 'twilio_whatsapp')!;
    const sms = all.find((c) => c.channelType === 'twilio_sms')!;
    expect(sms.windowExpiresAt).toBeNull();
    expect(new Date(whatsapp.windowExpiresAt!).getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    await admin.post(`/api/conversations/${whatsapp.id}/messages`).send({ text: 'Dentro de la ventana' }).expect(201);

    await platform.ctx.db.execute(sql`UPDATE conversations SET last_inbound_at = now() - interval '25 hours' WHERE id = ${whatsapp.id}`);
    const refused = await admin.post(`/api/conversations/${whatsapp.id}/messages`).send({ text: 'Fuera de la ventana' }).expect(409);
    expect(refused.body.error).toMatchObject({ code: 'whatsapp_window_closed', field: 'text' });
    expect(refused.body.error.message).toMatch(/24 hours/);
    await admin.post(`/api/conversations/${sms.id}/messages`).send({ text: 'Por SMS no hay ventana' }).expect(201);
  });
});

describe('Twilio sending', () => {
  it('when an agent replies, then Twilio gets one request with a status callback and the callback moves the status', async () => {
    await postAsTwilio(webhookUrl, TOKEN, inboundParams('+34600123003', '¿Tenéis cita el lunes?'));
    const conversation = (await conversationOf('+34600123003'))!;
    const before = twilio.requests.length;
    const reply = (await admin.post(`/api/conversations/${conversation.id}/messages`).send({ text: 'Sí, a las 10:00.' }).expect(201)).body;
    await waitForStatus(conversation.id, reply.id, 'sent');

    const sent = twilio.requests.slice(before).filter((r) => r.method === 'POST');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ authorized: true, params: { To: '+34600123003', From: CLINIC_NUMBER, Body: 'Sí, a las 10:00.', StatusCallback: `${webhookUrl}/status` } });
    const sid = [...twilio.messages.values()].find((m) => m.body === 'Sí, a las 10:00.')!.sid;
    expect((await twilio.sendStatusCallback(sid, 'delivered')).status).toBe(204);
    await waitForStatus(conversation.id, reply.id, 'delivered');
    // A late "sent" callback after "delivered" changes nothing.
    await twilio.sendStatusCallback(sid, 'sent');
    await waitForStatus(conversation.id, reply.id, 'delivered');
  });

  it('when Twilio answers 500, then the message is retried and sent once', async () => {
    await postAsTwilio(webhookUrl, TOKEN, inboundParams('+34600123004', 'hola'));
    const conversation = (await conversationOf('+34600123004'))!;
    twilio.failNext(2);
    const reply = (await admin.post(`/api/conversations/${conversation.id}/messages`).send({ text: 'Reintento' }).expect(201)).body;
    await waitForStatus(conversation.id, reply.id, 'sent');
    expect([...twilio.messages.values()].filter((m) => m.body === 'Reintento')).toHaveLength(1);
    expect(twilio.requests.filter((r) => r.params.Body === 'Reintento').length).toBe(3);
  });

  it('when the patient opted out of SMS, then an agent reply still goes but carries a warning', async () => {
    await postAsTwilio(webhookUrl, TOKEN, inboundParams('+34600123006', 'hola'));
    const conversation = (await conversationOf('+34600123006'))!;
    const { patientId } = (await admin.get(`/api/conversations/${conversation.id}`).expect(200)).body;
    await admin.patch(`/api/patients/${patientId}`).send({ optOuts: ['sms'] }).expect(200);
    const reply = await admin.post(`/api/conversations/${conversation.id}/messages`).send({ text: 'Le escribimos por lo de su factura' }).expect(201);
    expect(reply.body.warning).toBe('patient_opted_out');
  });

  it('when Twilio refuses with 21610, then the message is failed with the reason and not retried', async () => {
    await postAsTwilio(webhookUrl, TOKEN, inboundParams('+34600123005', 'hola'));
    const conversation = (await conversationOf('+34600123005'))!;
    twilio.failFor('+34600123005');
    const reply = (await admin.post(`/api/conversations/${conversation.id}/messages`).send({ text: 'No llegará' }).expect(201)).body;
    const failed = await waitForStatus(conversation.id, reply.id, 'failed');
    expect(failed.errorCode).toBe('21610');
    expect(failed.error).toMatch(/unsubscribed/i);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(twilio.requests.filter((r) => r.params.Body === 'No llegará')).toHaveLength(1);
  });
});

describe('what a patient shares on WhatsApp', () => {
  let url: string;
  beforeAll(async () => {
    const whatsapp = (
      await admin
        .post('/api/channels')
        .send({ type: 'twilio_whatsapp', name: 'WhatsApp compartido', config: { accountSid: ACCOUNT, authToken: TOKEN, from: `whatsapp:${CLINIC_NUMBER}`, apiBaseUrl: twilio.url } })
        .expect(201)
    ).body;
    url = webhookUrl.replace(channelId, whatsapp.id);
  });

  async function onlyMessageFrom(phone: string) {
    const conversation = (await admin.get('/api/conversations').query({ q: phone, channel: 'twilio_whatsapp' }).expect(200)).body.items[0];
    const messages = (await admin.get(`/api/conversations/${conversation.id}/messages`).expect(200)).body.items;
    expect(messages).toHaveLength(1);
    return { conversation, message: messages[0] };
  }

  /** As Twilio posts a WhatsApp message with one attachment: NumMedia=1, MediaContentType0, MediaUrl0 on api.twilio.com, no Body. */
  const mediaParams = (sid: string, from: string, contentType: string, mediaUrl: string) => ({
    SmsMessageSid: sid, NumMedia: '1', ProfileName: 'Marta', SmsSid: sid, WaId: from.slice(1), SmsStatus: 'received', Body: '', To: `whatsapp:${CLINIC_NUMBER}`,
    MediaContentType0: contentType, MediaUrl0: mediaUrl, NumSegments: '1', ReferralNumMedia: '0', MessageSid: sid, AccountSid: ACCOUNT, From: `whatsapp:${from}`, ApiVersion: '2010-04-01',
  });
  const mediaSid = () => `MM${String(++sidCounter).padStart(32, '0')}`;

  it('when a patient shares a contact, then Twilio\'s vCard is fetched with the account\'s credentials and the message shows the name and phone', async () => {
    const sid = mediaSid();
    const card = ['BEGIN:VCARD', 'VERSION:3.0', 'N:García;Ana;;Dra.;', 'FN:Dra. Ana García', 'item1.TEL;waid=34911222333:+34 911 22 23 33', 'item1.X-ABLabel:Móvil', 'END:VCARD', ''].join('\r\n');
    const mediaUrl = twilio.addMedia({ accountSid: ACCOUNT, messageSid: sid, contentType: 'text/vcard', body: card });
    const before = twilio.media.requests.length;

    expect((await postAsTwilio(url, TOKEN, mediaParams(sid, '+34600123011', 'text/vcard', mediaUrl))).status).toBe(200);

    const { conversation, message } = await onlyMessageFrom('600123011');
    expect(message).toMatchObject({ direction: 'in', text: '', contacts: [{ name: 'Dra. Ana García', phones: ['+34911222333'] }], media: [{ url: mediaUrl, mimeType: 'text/vcard' }] });
    expect(message.notice).toBeUndefined();
    expect(conversation.lastMessagePreview).toBe('👤 Dra. Ana García');
    // Basic auth on Twilio's API, then its redirect to the media host followed without the credentials.
    const fetched = twilio.media.requests.slice(before);
    expect(fetched.map((request) => request.host)).toEqual(['api', 'cdn']);
    expect(fetched[0]?.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString('base64')}`);
    expect(fetched[1]?.authorization).toBeUndefined();
  });

  it('when the contact card cannot be fetched, then the message is kept with a note that the card could not be read', async () => {
    const sid = mediaSid();
    // A MediaUrl the stand-in never stored: Twilio answers 404 (deleted media).
    const missing = `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Messages/${sid}/Media/ME${'0'.repeat(32)}`;

    expect((await postAsTwilio(url, TOKEN, mediaParams(sid, '+34600123012', 'text/x-vcard', missing))).status).toBe(200);

    const { conversation, message } = await onlyMessageFrom('600123012');
    expect(message).toMatchObject({ direction: 'in', text: '', notice: 'contact_card_unreadable', media: [{ url: missing, mimeType: 'text/x-vcard' }] });
    expect(message.contacts).toBeUndefined();
    expect(conversation.lastMessagePreview).toBe('📎');
  });

  it('when a patient sends a photo without a caption, then it is stored with its media and nothing is fetched', async () => {
    const sid = mediaSid();
    const photo = `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Messages/${sid}/Media/ME${'1'.repeat(32)}`;
    const before = twilio.media.requests.length;
    expect((await postAsTwilio(url, TOKEN, mediaParams(sid, '+34600123013', 'image/jpeg', photo))).status).toBe(200);
    const { message } = await onlyMessageFrom('600123013');
    expect(message).toMatchObject({ text: '', media: [{ url: photo, mimeType: 'image/jpeg' }] });
    expect(message.notice).toBeUndefined();
    expect(twilio.media.requests.length).toBe(before);
  });

  it('when a patient sends a WhatsApp location, then the message keeps its coordinates, label and address', async () => {
    const sid = `SM${String(++sidCounter).padStart(32, '0')}`;
    // As Twilio posts a shared location: no Body, no media, MessageType=location with Latitude/Longitude/Address/Label.
    const params = {
      SmsMessageSid: sid, NumMedia: '0', ProfileName: 'Marta', MessageType: 'location', SmsSid: sid, WaId: '34600123010', SmsStatus: 'received',
      Body: '', To: `whatsapp:${CLINIC_NUMBER}`, Latitude: '40.4378698', Longitude: '-3.8196188', Address: 'Calle de Alcalá 45, Madrid', Label: 'Hospital del Niño Jesús',
      NumSegments: '1', ReferralNumMedia: '0', MessageSid: sid, AccountSid: ACCOUNT, From: 'whatsapp:+34600123010', ApiVersion: '2010-04-01',
    };
    expect((await postAsTwilio(url, TOKEN, params)).status).toBe(200);
    const conversation = (await admin.get('/api/conversations').query({ q: '600123010', channel: 'twilio_whatsapp' }).expect(200)).body.items[0];
    const messages = (await admin.get(`/api/conversations/${conversation.id}/messages`).expect(200)).body.items;
    expect(messages).toHaveLength(1);
    expect(messages[0].location).toEqual({ latitude: 40.4378698, longitude: -3.8196188, label: 'Hospital del Niño Jesús', address: 'Calle de Alcalá 45, Madrid' });
    expect(conversation.lastMessagePreview).toBe('📍 Hospital del Niño Jesús');
  });
});
