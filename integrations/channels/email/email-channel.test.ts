import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SmtpStandIn } from '../../../test/stand-ins/smtp/smtp-stand-in.ts';
import { ChannelSendError } from '../channel-send-error.ts';
import { emailChannel, textAsHtml } from './email-channel.ts';

const context = { channelId: 'ch-email', publicUrl: 'http://localhost:3000' };

describe('email channel through a local SMTP server', () => {
  let smtp: SmtpStandIn;
  const channel = (extra: Record<string, unknown> = {}) =>
    emailChannel.create(
      emailChannel.configSchema.parse({ host: smtp.host, port: smtp.port, user: 'clinica', password: 'secreta', from: 'citas@clinicasol.es', fromName: 'Clínica Sol', ...extra }),
      context,
    );

  beforeAll(async () => {
    smtp = await SmtpStandIn.start({ clinica: 'secreta' });
  });
  afterAll(() => smtp.close());
  afterEach(() => {
    smtp.mails.length = 0;
  });

  it('when an email is sent, then it arrives From the clinic with subject, HTML and text', async () => {
    const result = await channel({ replyTo: 'recepcion@clinicasol.es' }).send({
      messageId: 'm1',
      kind: 'email',
      to: 'maria@example.com',
      subject: 'Recordatorio de su cita',
      text: 'Hola María,\nle esperamos el lunes a las 10:00.',
      html: '<p>Hola María,<br>le esperamos el <b>lunes a las 10:00</b>.</p>',
    });

    expect(result.status).toBe('sent');
    expect(result.providerMessageId).toMatch(/^<.+@.+>$/);
    const [mail] = smtp.mails;
    expect(mail?.envelopeTo).toEqual(['maria@example.com']);
    expect(mail?.user).toBe('clinica');
    expect(mail?.parsed.from?.value).toEqual([{ name: 'Clínica Sol', address: 'citas@clinicasol.es' }]);
    expect(mail?.parsed.replyTo?.value[0]?.address).toBe('recepcion@clinicasol.es');
    expect(mail?.parsed.subject).toBe('Recordatorio de su cita');
    expect(mail?.parsed.text?.trim()).toBe('Hola María,\nle esperamos el lunes a las 10:00.');
    expect(mail?.parsed.html).toContain('<b>lunes a las 10:00</b>');
    expect(mail?.parsed.messageId).toBe(result.providerMessageId);
    expect(mail?.parsed.headers.get('x-clinic-inbox-message-id')).toBe('m1');
  });

  it('when only text is given, then the HTML body is the escaped text', async () => {
    await channel().send({ messageId: 'm2', kind: 'email', to: 'maria@example.com', subject: 'Aviso', text: 'Precio <50 €> & IVA\nGracias' });
    expect(smtp.mails[0]?.parsed.html).toBe(textAsHtml('Precio <50 €> & IVA\nGracias'));
    expect(smtp.mails[0]?.parsed.html).toContain('&#60;50 €&#62; &#38; IVA<br>Gracias');
  });

  it('when the server refuses the recipient with 550, then the error is permanent with the server\'s reason', async () => {
    smtp.rejectRecipient('nadie@example.com');
    const failure = await channel().send({ messageId: 'm3', kind: 'email', to: 'nadie@example.com', subject: 'x', text: 'x' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ChannelSendError);
    expect(failure).toMatchObject({ kind: 'permanent', code: '550', reason: expect.stringContaining('Mailbox unavailable') });
  });

  it('when the server answers a temporary 451, then the error is transient and a retry goes through', async () => {
    smtp.failNext(1);
    await expect(channel().send({ messageId: 'm4', kind: 'email', to: 'maria@example.com', subject: 'x', text: 'x' })).rejects.toMatchObject({ kind: 'transient', code: '451' });
    await expect(channel().send({ messageId: 'm4', kind: 'email', to: 'maria@example.com', subject: 'x', text: 'x' })).resolves.toMatchObject({ status: 'sent' });
  });

  it('when the password is wrong, then the error is permanent', async () => {
    await expect(channel({ password: 'otra' }).send({ messageId: 'm5', kind: 'email', to: 'maria@example.com', subject: 'x', text: 'x' })).rejects.toMatchObject({ kind: 'permanent' });
    expect(smtp.mails).toHaveLength(0);
  });

  it('when the SMTP server is unreachable, then the error is transient', async () => {
    const unreachable = emailChannel.create(emailChannel.configSchema.parse({ host: '127.0.0.1', port: 1, from: 'citas@clinicasol.es', timeoutMs: 2000 }), context);
    await expect(unreachable.send({ messageId: 'm6', kind: 'email', to: 'maria@example.com', subject: 'x', text: 'x' })).rejects.toMatchObject({ kind: 'transient' });
  });

  it('when the patient has no email address, then the error is permanent without contacting the server', async () => {
    await expect(channel().send({ messageId: 'm7', kind: 'email', to: '+34600111222', subject: 'x', text: 'x' })).rejects.toMatchObject({ kind: 'permanent', code: 'invalid_address' });
  });

  it('when the config has no From address, then it does not parse', () => {
    expect(emailChannel.configSchema.safeParse({ host: 'smtp.example.com' }).success).toBe(false);
  });
});
