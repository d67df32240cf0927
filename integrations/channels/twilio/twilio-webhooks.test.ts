import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { postAsTwilio } from '../../../test/stand-ins/twilio/sign-twilio-request.ts';
import { TwilioStandIn } from '../../../test/stand-ins/twilio/twilio-stand-in.ts';
import { WebhookReceiver } from '../../../test/stand-ins/webhook-receiver.ts';
import { twilioSmsChannel, twilioWebhookUrls, twilioWhatsAppChannel } from './twilio-channel.ts';

const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
const AUTH_TOKEN = 'stand-in-auth-token-1';
const CHANNEL_ID = 'ch-twilio-2';

describe('Twilio webhooks (inbound, status callbacks, signatures)', () => {
  let standIn: TwilioStandIn;
  let receiver: WebhookReceiver;
  const config = () => ({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: '+14155238886', apiBaseUrl: standIn.url });
  const whatsApp = () => twilioWhatsAppChannel.create(twilioWhatsAppChannel.configSchema.parse(config()), { channelId: CHANNEL_ID, publicUrl: receiver.url });
  const sms = () => twilioSmsChannel.create(twilioSmsChannel.configSchema.parse(config()), { channelId: CHANNEL_ID, publicUrl: receiver.url });
  const inboundUrl = () => twilioWebhookUrls(receiver.url, CHANNEL_ID).inbound;

  beforeAll(async () => {
    standIn = await TwilioStandIn.start({ [ACCOUNT_SID]: AUTH_TOKEN });
    receiver = await WebhookReceiver.start();
  });
  afterAll(async () => {
    await standIn.close();
    await receiver.close();
  });
  afterEach(() => {
    receiver.received.length = 0;
  });

  it('when Twilio posts a status callback for a sent message, then it verifies and parses to delivered', async () => {
    const channel = whatsApp();
    const { providerMessageId } = await channel.send({ messageId: 'm1', kind: 'whatsapp', to: '+34600111222', text: 'Hola' });

    await standIn.sendStatusCallback(providerMessageId, 'delivered');
    const [callback] = await receiver.waitFor(1);

    expect(callback?.url).toBe(`${receiver.url}/webhooks/twilio/${CHANNEL_ID}/status`);
    expect(channel.verifyWebhook(callback!)).toBe(true);
    expect(channel.parseStatus(callback!)).toEqual([{ providerMessageId, status: 'delivered', at: expect.any(Date) }]);
  });

  it('when a status callback reports undelivered with an error code, then it parses to failed with the reason', async () => {
    const channel = whatsApp();
    const { providerMessageId } = await channel.send({ messageId: 'm2', kind: 'whatsapp', to: '+34600111222', text: 'Hola' });

    await standIn.sendStatusCallback(providerMessageId, 'undelivered', { ErrorCode: '63016' });
    const [callback] = await receiver.waitFor(1);

    expect(channel.parseStatus(callback!)).toEqual([
      { providerMessageId, status: 'failed', errorCode: '63016', errorReason: 'Outside the WhatsApp 24-hour window: a template is required', at: expect.any(Date) },
    ]);
  });

  it('when the stand-in posts status callbacks on its own, then sent and delivered arrive in order, signed', async () => {
    const channel = whatsApp();
    standIn.autoStatusCallbacks(['sent', 'delivered']);
    const { providerMessageId } = await channel.send({ messageId: 'm3', kind: 'whatsapp', to: '+34600111222', text: 'Hola' });
    standIn.autoStatusCallbacks([]);

    const callbacks = await receiver.waitFor(2);

    expect(callbacks.every((callback) => channel.verifyWebhook(callback))).toBe(true);
    expect(callbacks.flatMap((callback) => channel.parseStatus(callback)).map((update) => [update.providerMessageId, update.status])).toEqual([
      [providerMessageId, 'sent'],
      [providerMessageId, 'delivered'],
    ]);
    expect(standIn.callbackErrors).toEqual([]);
  });

  it('when a WhatsApp patient sends a photo with a caption, then the message has the E.164 sender, text and media', async () => {
    const params = {
      AccountSid: ACCOUNT_SID,
      MessageSid: 'MM0123456789abcdef0123456789abcdef',
      SmsMessageSid: 'MM0123456789abcdef0123456789abcdef',
      From: 'whatsapp:+34600111222',
      To: 'whatsapp:+14155238886',
      Body: 'Mi receta',
      NumMedia: '2',
      MediaUrl0: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/MM01/Media/ME01`,
      MediaContentType0: 'image/jpeg',
      MediaUrl1: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/MM01/Media/ME02`,
      MediaContentType1: 'application/pdf',
      ProfileName: 'María',
      WaId: '34600111222',
      MessageType: 'image',
    };
    await postAsTwilio(inboundUrl(), AUTH_TOKEN, params);
    const [request] = await receiver.waitFor(1);
    const channel = whatsApp();

    expect(channel.verifyWebhook(request!)).toBe(true);
    expect(channel.parseInbound(request!)).toEqual([
      {
        providerMessageId: 'MM0123456789abcdef0123456789abcdef',
        from: '+34600111222',
        to: '+14155238886',
        kind: 'whatsapp',
        text: 'Mi receta',
        media: [
          { url: params.MediaUrl0, mimeType: 'image/jpeg', caption: 'Mi receta' },
          { url: params.MediaUrl1, mimeType: 'application/pdf' },
        ],
        sentByClinic: false,
        profileName: 'María',
        receivedAt: expect.any(Date),
      },
    ]);
  });

  it('when a WhatsApp patient presses a quick-reply button, then it arrives as a button reply with text and payload', async () => {
    await postAsTwilio(inboundUrl(), AUTH_TOKEN, {
      AccountSid: ACCOUNT_SID,
      MessageSid: 'SM11111111111111111111111111111111',
      From: 'whatsapp:+34600111222',
      To: 'whatsapp:+14155238886',
      Body: 'Agendar cita',
      ButtonText: 'Agendar cita',
      ButtonPayload: 'recall_book',
      MessageType: 'button',
      NumMedia: '0',
    });
    const [request] = await receiver.waitFor(1);
    const [message] = whatsApp().parseInbound(request!);
    expect(message).toMatchObject({ text: 'Agendar cita', buttonReply: { text: 'Agendar cita', payload: 'recall_book' }, media: [] });
  });

  it('when an SMS arrives, then it is an sms message from the E.164 number', async () => {
    await postAsTwilio(inboundUrl(), AUTH_TOKEN, { AccountSid: ACCOUNT_SID, MessageSid: 'SM22222222222222222222222222222222', From: '+34600111222', To: '+14155238886', Body: 'BAJA', NumMedia: '0' });
    const [request] = await receiver.waitFor(1);
    const channel = sms();
    expect(channel.verifyWebhook(request!)).toBe(true);
    expect(channel.parseInbound(request!)).toMatchObject([{ kind: 'sms', from: '+34600111222', text: 'BAJA', media: [] }]);
  });

  it('when a webhook is signed with another token, then it is refused', async () => {
    await postAsTwilio(inboundUrl(), 'someone-elses-token', { AccountSid: ACCOUNT_SID, MessageSid: 'SM3', From: '+34600111222', Body: 'Hola' });
    const [request] = await receiver.waitFor(1);
    expect(whatsApp().verifyWebhook(request!)).toBe(false);
  });

  it('when a signed webhook body is altered, then it is refused', async () => {
    await postAsTwilio(inboundUrl(), AUTH_TOKEN, { AccountSid: ACCOUNT_SID, MessageSid: 'SM4', From: '+34600111222', Body: 'Hola' });
    const [request] = await receiver.waitFor(1);
    expect(whatsApp().verifyWebhook({ ...request!, body: { ...request!.body, Body: 'Cancela todo' } })).toBe(false);
  });

  it('when a webhook has no signature, then it is refused', async () => {
    await postAsTwilio(inboundUrl(), AUTH_TOKEN, { AccountSid: ACCOUNT_SID, MessageSid: 'SM5', From: '+34600111222', Body: 'Hola' });
    const [request] = await receiver.waitFor(1);
    const { 'x-twilio-signature': _signature, ...unsigned } = request!.headers;
    expect(whatsApp().verifyWebhook({ ...request!, headers: unsigned })).toBe(false);
  });

  it('when an inbound payload belongs to another account or lacks a sender, then it yields no message', () => {
    const channel = whatsApp();
    const request = (body: Record<string, string>) => ({ headers: {}, body, rawBody: '', url: inboundUrl() });
    expect(channel.parseInbound(request({ AccountSid: 'AC999', MessageSid: 'SM6', From: '+34600111222', Body: 'Hola' }))).toEqual([]);
    expect(channel.parseInbound(request({ AccountSid: ACCOUNT_SID, MessageSid: 'SM7', Body: 'Hola' }))).toEqual([]);
  });

  it('when a status callback has a status we do not track, then it yields no update', () => {
    const request = { headers: {}, body: { MessageSid: 'SM8', MessageStatus: 'received' }, rawBody: '', url: inboundUrl() };
    expect(whatsApp().parseStatus(request)).toEqual([]);
  });
});
