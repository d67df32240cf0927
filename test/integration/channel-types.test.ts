// Channel definitions own their behaviour: the API lists the types with labels, capabilities and a config form
// schema straight from the registry, and each channel answers the webhook URL its protocol's route serves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postAsTwilio } from '../stand-ins/twilio/sign-twilio-request.ts';
import { freePort } from '../support/freePort.ts';
import { loginAgent, startTestPlatform, type TestPlatform, disableAutoReply } from '../support/testPlatform.ts';

const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'twilio-auth-token-123';

let platform: TestPlatform;
let admin: Awaited<ReturnType<typeof loginAgent>>;

beforeAll(async () => {
  const port = await freePort();
  platform = await startTestPlatform({ PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` });
  admin = await loginAgent(platform);
  await disableAutoReply(admin);
});
afterAll(async () => {
  await platform.close();
});

type TypeDescription = { type: string; kinds: string[]; labels: Record<string, string>; capabilities: Record<string, unknown>; secretKeys: string[]; configSchema: { properties: Record<string, { writeOnly?: boolean }>; required?: string[] }; webhook: { protocol: string } | null };

describe('channel types', () => {
  it('when the settings ask which channels exist, then every type comes with its labels in four languages, kinds and capabilities', async () => {
    const items = (await admin.get('/api/channels/types').expect(200)).body.items as TypeDescription[];
    expect(items.map((item) => item.type)).toEqual(['simulator', 'twilio_sms', 'twilio_whatsapp', 'whatsapp_web', 'email']);
    for (const item of items) expect(Object.keys(item.labels).sort()).toEqual(['en', 'es', 'fr', 'it']);
    const whatsappWeb = items.find((item) => item.type === 'whatsapp_web')!;
    expect(whatsappWeb).toMatchObject({ kinds: ['whatsapp'], capabilities: { pairing: true, buttons: 'numbered' }, webhook: null });
    expect(items.find((item) => item.type === 'email')!.labels.es).toBe('Correo electrónico');
  });

  it('when the settings render the Twilio form, then the JSON schema names the fields, the required ones and marks the token write-only', async () => {
    const items = (await admin.get('/api/channels/types').expect(200)).body.items as TypeDescription[];
    const twilioSms = items.find((item) => item.type === 'twilio_sms')!;
    expect(Object.keys(twilioSms.configSchema.properties)).toEqual(expect.arrayContaining(['accountSid', 'authToken', 'from', 'messagingServiceSid', 'apiBaseUrl']));
    expect(twilioSms.configSchema.required).toEqual(expect.arrayContaining(['accountSid', 'authToken']));
    expect(twilioSms.configSchema.properties.authToken!.writeOnly).toBe(true);
    expect(twilioSms.configSchema.properties.accountSid!.writeOnly).toBeUndefined();
    expect(twilioSms.webhook).toEqual({ protocol: 'twilio' });
  });

  it('when an agent (not an admin) asks, then the types come (the inbox labels channels by them) but the channels themselves stay admin-only', async () => {
    await admin.post('/api/users').send({ email: 'agente@sonrisa.test', name: 'Agente', role: 'agent', password: 'agent-password-42' }).expect(201);
    const agent = await loginAgent(platform, { email: 'agente@sonrisa.test', password: 'agent-password-42' });
    expect((await agent.get('/api/channels/types').expect(200)).body.items.length).toBe(5);
    await agent.get('/api/channels').expect(403);
  });

  it('when nobody is signed in, then 401', async () => {
    expect((await fetch(`${platform.url}/api/channels/types`)).status).toBe(401);
  });
});

describe('channel webhook URL', () => {
  it('when a Twilio channel is created, then it answers the webhook URL and capabilities, and a signed post to that URL lands in the inbox', async () => {
    const created = (await admin.post('/api/channels').send({ type: 'twilio_whatsapp', name: 'WhatsApp Twilio', config: { accountSid: ACCOUNT, authToken: TOKEN, from: 'whatsapp:+34910000002' } }).expect(201)).body;
    expect(created.webhookUrl).toBe(`${platform.config.publicUrl}/webhooks/twilio/${created.id}`);
    expect(created.webhookUrls.status).toBe(`${created.webhookUrl}/status`);
    expect(created.capabilities).toMatchObject({ buttons: 'native', providerTemplates: true });
    const params = { AccountSid: ACCOUNT, MessageSid: 'SM00000000000000000000000000000777', From: 'whatsapp:+34600777888', To: 'whatsapp:+34910000002', Body: 'Hola', NumMedia: '0', ProfileName: 'Lucía' };
    const response = await postAsTwilio(created.webhookUrl, TOKEN, params);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<Response>');
    const list = (await admin.get('/api/conversations').query({ q: '+34600777888' }).expect(200)).body.items as Array<{ channelId: string; lastMessagePreview: string }>;
    expect(list).toEqual([expect.objectContaining({ channelId: created.id, lastMessagePreview: 'Hola' })]);
  });

  it('when a webhook names a channel of another protocol (the simulator), then 404 and nothing is stored', async () => {
    const channels = (await admin.get('/api/channels').expect(200)).body.items as Array<{ id: string; type: string; webhookUrl: string | null }>;
    const simulator = channels.find((channel) => channel.type === 'simulator')!;
    expect(simulator.webhookUrl).toBeNull();
    const params = { AccountSid: ACCOUNT, MessageSid: 'SM00000000000000000000000000000778', From: '+34600777999', Body: 'Hola', NumMedia: '0' };
    const response = await postAsTwilio(`${platform.config.publicUrl}/webhooks/twilio/${simulator.id}`, TOKEN, params);
    expect(response.status).toBe(404);
    expect((await admin.get('/api/conversations').query({ q: '+34600777999' }).expect(200)).body.items).toEqual([]);
  });
});
