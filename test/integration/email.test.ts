// E-mail goes out through the same outbox, over SMTP, From the clinic's address (local SMTP stand-in).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendOutbound } from '../../server/modules/inbox/sendOutbound.ts';
import { SmtpStandIn } from '../stand-ins/smtp/smtp-stand-in.ts';
import { loginAgent, startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';

let smtp: SmtpStandIn;
let platform: TestPlatform;

beforeAll(async () => {
  smtp = await SmtpStandIn.start({ recepcion: 'smtp-pass-1' });
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform.close();
  await smtp.close();
});

describe('e-mail channel', () => {
  it('when a message with subject and HTML is queued for a patient, then one mail arrives from the clinic with both bodies', async () => {
    const admin = await loginAgent(platform);
    const clinicId = (await admin.get('/api/auth/me')).body.user.clinicId;
    const channel = (
      await admin
        .post('/api/channels')
        .send({ type: 'email', name: 'Correo', config: { host: smtp.host, port: smtp.port, user: 'recepcion', password: 'smtp-pass-1', from: 'citas@sonrisa.example', fromName: 'Clínica Sonrisa' } })
        .expect(201)
    ).body;
    expect(JSON.stringify(channel)).not.toContain('smtp-pass-1');
    const patient = (await admin.post('/api/patients').send({ firstName: 'Ana', email: 'ana@correo.example', preferredChannel: 'email' }).expect(201)).body;
    const { row: conversation } = await platform.ctx.repos.conversations.findOrCreate(clinicId, patient.id, channel.id, { state: 'closed' });

    const { message } = await sendOutbound(platform.ctx.inbox, {
      clinicId,
      conversationId: conversation.id,
      author: 'system',
      channelKind: 'email',
      subject: 'Recordatorio de su cita',
      text: 'Hola Ana, le recordamos su cita del lunes a las 10:00.',
      html: '<p>Hola Ana, le recordamos su cita del <strong>lunes a las 10:00</strong>.</p>',
      purpose: 'reminder',
    });

    const deadline = Date.now() + 8000;
    while (smtp.mails.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail.envelopeTo).toEqual(['ana@correo.example']);
    expect(mail.user).toBe('recepcion');
    expect(mail.parsed.subject).toBe('Recordatorio de su cita');
    expect(mail.parsed.from?.text).toContain('citas@sonrisa.example');
    expect(mail.parsed.text).toContain('le recordamos su cita del lunes');
    expect(mail.parsed.html).toContain('<strong>lunes a las 10:00</strong>');

    let stored = await platform.ctx.repos.messages.get(clinicId, message.id);
    while (stored?.status === 'queued' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      stored = await platform.ctx.repos.messages.get(clinicId, message.id);
    }
    expect(stored?.status).toBe('sent');
  });
});
