import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TwilioStandIn } from '../../../test/stand-ins/twilio/twilio-stand-in.ts';
import { ChannelSendError } from '../channel-send-error.ts';
import { twilioSmsChannel, twilioWhatsAppChannel } from './twilio-channel.ts';

const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
const AUTH_TOKEN = 'stand-in-auth-token-1';
const context = { channelId: 'ch-twilio-1', publicUrl: 'https://clinic.example.com' };

describe('Twilio channel sending through the stand-in', () => {
  let standIn: TwilioStandIn;
  const smsConfig = () => twilioSmsChannel.configSchema.parse({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: '+15005550006', apiBaseUrl: standIn.url });

  beforeAll(async () => {
    standIn = await TwilioStandIn.start({ [ACCOUNT_SID]: AUTH_TOKEN });
  });
  afterAll(() => standIn.close());
  afterEach(() => {
    standIn.requests.length = 0;
  });

  it('when an SMS is sent, then it reaches Twilio with Basic auth and our status callback URL', async () => {
    const channel = twilioSmsChannel.create(smsConfig(), context);

    const result = await channel.send({ messageId: 'm1', kind: 'sms', to: '+34600111222', text: 'Hola María' });

    expect(result.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(result.status).toBe('queued');
    const [request] = standIn.requests;
    expect(request).toMatchObject({ path: `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`, authorized: true });
    expect(request?.params).toMatchObject({
      To: '+34600111222',
      From: '+15005550006',
      Body: 'Hola María',
      StatusCallback: 'https://clinic.example.com/webhooks/twilio/ch-twilio-1/status',
    });
    expect(standIn.messages.get(result.providerMessageId)?.to).toBe('+34600111222');
  });

  it('when an SMS has buttons, then they go as numbered options', async () => {
    const channel = twilioSmsChannel.create(smsConfig(), context);
    await channel.send({ messageId: 'm2', kind: 'sms', to: '+34600111222', text: '¿Te llamamos?', buttons: ['Agendar cita', 'No gracias'] });
    expect(standIn.requests[0]?.params.Body).toBe('¿Te llamamos?\n\n1. Agendar cita\n2. No gracias');
  });

  it('when a WhatsApp message is sent, then both addresses carry the whatsapp: prefix and media goes as MediaUrl', async () => {
    const config = twilioWhatsAppChannel.configSchema.parse({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: '+14155238886', apiBaseUrl: standIn.url });
    const channel = twilioWhatsAppChannel.create(config, context);
    await channel.send({ messageId: 'm3', kind: 'whatsapp', to: '+34600111222', text: 'Su receta', media: [{ url: 'https://clinic.example.com/r.pdf' }] });
    expect(standIn.requests[0]?.params).toMatchObject({ To: 'whatsapp:+34600111222', From: 'whatsapp:+14155238886', Body: 'Su receta' });
    expect(standIn.requests[0]?.mediaUrls).toEqual(['https://clinic.example.com/r.pdf']);
  });

  it('when a WhatsApp template has a content SID configured, then it is sent as that content template with its variables', async () => {
    const config = twilioWhatsAppChannel.configSchema.parse({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      from: 'whatsapp:+14155238886',
      apiBaseUrl: standIn.url,
      contentTemplates: { recall: 'HX0123456789abcdef0123456789abcdef' },
    });
    const channel = twilioWhatsAppChannel.create(config, context);
    await channel.send({
      messageId: 'm4',
      kind: 'whatsapp',
      to: '+34600111222',
      text: 'Hola María, te toca la revisión',
      buttons: ['Agendar cita', 'No gracias'],
      templateKey: 'recall',
      templateVariables: { '1': 'María' },
    });
    const params = standIn.requests[0]?.params;
    expect(params).toMatchObject({ ContentSid: 'HX0123456789abcdef0123456789abcdef', ContentVariables: '{"1":"María"}' });
    expect(params?.Body).toBeUndefined();
  });

  it('when a WhatsApp message has buttons but no content template, then they go as numbered text', async () => {
    const config = twilioWhatsAppChannel.configSchema.parse({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: '+14155238886', apiBaseUrl: standIn.url });
    await twilioWhatsAppChannel.create(config, context).send({ messageId: 'm5', kind: 'whatsapp', to: '+34600111222', text: '¿Confirmas?', buttons: ['Sí', 'No'], templateKey: 'reminder' });
    expect(standIn.requests[0]?.params.Body).toBe('¿Confirmas?\n\n1. Sí\n2. No');
  });

  it('when Twilio answers 500, then the error is transient and the next try goes through', async () => {
    const channel = twilioSmsChannel.create(smsConfig(), context);
    standIn.failNext(1);

    const failure = await channel.send({ messageId: 'm6', kind: 'sms', to: '+34600111222', text: 'Hola' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ChannelSendError);
    expect(failure).toMatchObject({ kind: 'transient', code: '20500' });

    await expect(channel.send({ messageId: 'm6', kind: 'sms', to: '+34600111222', text: 'Hola' })).resolves.toMatchObject({ status: 'queued' });
  });

  it('when Twilio answers 429, then the error is transient', async () => {
    standIn.failNext(1, { status: 429, code: 20429, message: 'Too Many Requests' });
    await expect(twilioSmsChannel.create(smsConfig(), context).send({ messageId: 'm7', kind: 'sms', to: '+34600111222', text: 'Hola' })).rejects.toMatchObject({
      kind: 'transient',
      code: '20429',
    });
  });

  it('when the recipient unsubscribed (21610), then the error is permanent with Twilio\'s message', async () => {
    standIn.failFor('+34600999888');
    await expect(twilioSmsChannel.create(smsConfig(), context).send({ messageId: 'm8', kind: 'sms', to: '+34600999888', text: 'Hola' })).rejects.toMatchObject({
      kind: 'permanent',
      code: '21610',
      reason: 'Attempt to send to unsubscribed recipient',
    });
  });

  it('when the number is invalid (21211), then the error is permanent', async () => {
    standIn.failNext(1, { status: 400, code: 21211, message: "The 'To' number +3412 is not a valid phone number." });
    await expect(twilioSmsChannel.create(smsConfig(), context).send({ messageId: 'm9', kind: 'sms', to: '+3412', text: 'Hola' })).rejects.toMatchObject({
      kind: 'permanent',
      code: '21211',
    });
  });

  it('when the auth token is wrong, then the stand-in refuses Basic auth and the error is permanent', async () => {
    const config = twilioSmsChannel.configSchema.parse({ accountSid: ACCOUNT_SID, authToken: 'not-the-token', from: '+15005550006', apiBaseUrl: standIn.url });
    await expect(twilioSmsChannel.create(config, context).send({ messageId: 'm10', kind: 'sms', to: '+34600111222', text: 'Hola' })).rejects.toMatchObject({
      kind: 'permanent',
      code: '20003',
    });
    expect(standIn.requests[0]?.authorized).toBe(false);
  });

  it('when Twilio does not answer in time, then the error is transient and says the message may have been sent', async () => {
    const config = twilioSmsChannel.configSchema.parse({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: '+15005550006', apiBaseUrl: standIn.url, timeoutMs: 300 });
    standIn.hangNext(1);
    await expect(twilioSmsChannel.create(config, context).send({ messageId: 'm11', kind: 'sms', to: '+34600111222', text: 'Hola' })).rejects.toMatchObject({
      kind: 'transient',
      mayHaveBeenSent: true,
    });
  });

  it('when Twilio takes the message but the connection drops before its answer, then the error says it may have been sent', async () => {
    standIn.acceptThenLose(1, 'reset');
    await expect(twilioSmsChannel.create(smsConfig(), context).send({ messageId: 'm11b', kind: 'sms', to: '+34600111299', text: 'Hola' })).rejects.toMatchObject({
      kind: 'transient',
      mayHaveBeenSent: true,
    });
    expect(standIn.messagesTo('+34600111299')).toHaveLength(1);
  });

  it.each([
    [500, 20500, true],
    [502, 20502, true],
    [503, 20503, false],
    [429, 20429, false],
  ])('when Twilio answers HTTP %i, then the error is transient and may-have-been-sent is %s', async (status, code, mayHaveBeenSent) => {
    standIn.failNext(1, { status, code, message: 'Twilio trouble' });
    await expect(twilioSmsChannel.create(smsConfig(), context).send({ messageId: `m-${status}`, kind: 'sms', to: '+34600111222', text: 'Hola' })).rejects.toMatchObject({
      kind: 'transient',
      mayHaveBeenSent,
    });
  });

  it('when a messaging service is configured, then it sends through it instead of a From number', async () => {
    const config = twilioSmsChannel.configSchema.parse({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, messagingServiceSid: 'MG0123456789abcdef', apiBaseUrl: standIn.url });
    const result = await twilioSmsChannel.create(config, context).send({ messageId: 'm12', kind: 'sms', to: '+34600111222', text: 'Hola' });
    expect(result.status).toBe('queued');
    expect(standIn.requests[0]?.params).toMatchObject({ MessagingServiceSid: 'MG0123456789abcdef' });
    expect(standIn.requests[0]?.params.From).toBeUndefined();
  });

  it('when the config has neither from nor a messaging service, then it does not parse', () => {
    expect(twilioSmsChannel.configSchema.safeParse({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN }).success).toBe(false);
  });
});

describe('Twilio channel reconciling after a crash', () => {
  let standIn: TwilioStandIn;
  const channel = () =>
    twilioSmsChannel.create(twilioSmsChannel.configSchema.parse({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: '+15005550006', apiBaseUrl: standIn.url }), context);

  beforeAll(async () => {
    standIn = await TwilioStandIn.start({ [ACCOUNT_SID]: AUTH_TOKEN });
  });
  afterAll(() => standIn.close());

  it('when the message was sent before the crash, then findSent returns its provider id instead of sending again', async () => {
    const since = new Date();
    const message = { messageId: 'm20', kind: 'sms' as const, to: '+34600111333', text: 'Su cita es mañana', buttons: ['Confirmar'] };
    const sent = await channel().send(message);

    const found = await channel().findSent?.(message, since);

    expect(found).toEqual({ outcome: 'sent', result: { providerMessageId: sent.providerMessageId, status: 'queued' } });
    expect(standIn.requests.at(-1)).toMatchObject({ method: 'GET', authorized: true });
  });

  it('when no such message reached Twilio, then findSent says not sent', async () => {
    const found = await channel().findSent?.({ messageId: 'm21', kind: 'sms', to: '+34600111444', text: 'Nunca enviado' }, new Date());
    expect(found).toEqual({ outcome: 'not_sent' });
  });

  it('when the message went through a content template, then findSent cannot tell', async () => {
    const config = twilioWhatsAppChannel.configSchema.parse({
      accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: '+14155238886', apiBaseUrl: standIn.url, contentTemplates: { recall: 'HX0123456789abcdef0123456789abcdef' },
    });
    const found = await twilioWhatsAppChannel.create(config, context).findSent?.({ messageId: 'm22', kind: 'whatsapp', to: '+34600111222', text: 'x', templateKey: 'recall' }, new Date());
    expect(found).toEqual({ outcome: 'unknown' });
  });
});
