import { describe, expect, it } from 'vitest';
import { buildMergeContext } from './context.ts';
import { renderTemplate } from './render.ts';
import { sampleMergeInput } from './sample.ts';

const context = buildMergeContext({
  ...sampleMergeInput('es'),
  patient: { firstName: 'Ana & <Bob>', lastName: "O'Neil \"Jr\"" },
  extras: { bookingUrl: 'https://clinic.example/book?a=1&b=2' },
});

describe('renderTemplate', () => {
  it('when a value contains & < > and quotes, then SMS and WhatsApp text keep them as typed, with no HTML entities', () => {
    const sms = renderTemplate('Hola {{patient.firstName}} {{patient.lastName}}', context, { channel: 'sms', locale: 'es' });
    expect(sms.text).toBe('Hola Ana & <Bob> O\'Neil "Jr"');
    const whatsapp = renderTemplate('Hola {{patient.firstName}}', context, { channel: 'whatsapp', locale: 'es' });
    expect(whatsapp.text).toBe('Hola Ana & <Bob>');
  });

  it('when an email is rendered, then the text part is plain and the HTML part escapes every value and links URLs', () => {
    const email = renderTemplate({ subject: 'Cita de {{patient.firstName}}', body: 'Hola {{patient.firstName}}:\n\nReserve en {{links.booking}}\nGracias' }, context, { channel: 'email', locale: 'es' });
    expect(email.subject).toBe('Cita de Ana & <Bob>');
    expect(email.text).toBe('Hola Ana & <Bob>:\n\nReserve en https://clinic.example/book?a=1&b=2\nGracias');
    expect(email.html).toContain('<p>Hola Ana &amp; &lt;Bob&gt;:</p>');
    expect(email.html).toContain('<a href="https://clinic.example/book?a&#x3D;1&amp;b&#x3D;2">');
    expect(email.html).toContain('<br>');
    expect(email.html).not.toContain('<Bob>');
  });

  it("when the template's own text has markup, then the HTML part shows it as text, like the merged values", () => {
    const source = '<script>alert(1)</script>Hola <b>{{patient.firstName}}</b>, <a href="https://evil.example">pague aquí</a>\n\n<img src=x onerror=alert(2)>';
    const email = renderTemplate(source, context, { channel: 'email', locale: 'es' });
    expect(email.html).not.toMatch(/<(script|b>|img)/);
    // The one link is the address written in the text, showing itself: no markup can hide where a link goes.
    expect([...String(email.html).matchAll(/<a href="([^"]*)">([^<]*)<\/a>/g)].map(([, href, shown]) => [href, shown])).toEqual([['https://evil.example', 'https://evil.example']]);
    expect(email.html).toContain('&quot;&gt;pague aquí&lt;/a&gt;');
    expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;Hola &lt;b&gt;Ana &amp; &lt;Bob&gt;&lt;/b&gt;');
    expect(email.html).toContain('<p>&lt;img src&#x3D;x onerror&#x3D;alert(2)&gt;</p>');
    // The text part keeps what the clinic typed, as typed.
    expect(email.text).toContain('<script>alert(1)</script>Hola <b>Ana & <Bob></b>');
  });

  it('when the source has front matter, then subject and buttons come from it and only the right channel gets them', () => {
    const source = '---\nsubject: Recordatorio\nbuttons: Confirmar | Cancelar\n---\nHola {{patient.firstName}}';
    expect(renderTemplate(source, context, { channel: 'whatsapp', locale: 'es' })).toEqual({ text: 'Hola Ana & <Bob>', buttons: ['Confirmar', 'Cancelar'] });
    expect(renderTemplate(source, context, { channel: 'sms', locale: 'es' })).toEqual({ text: 'Hola Ana & <Bob>' });
    expect(renderTemplate(source, context, { channel: 'email', locale: 'es' }).subject).toBe('Recordatorio');
  });

  it('when a merge value is empty, then no stray space is left before a comma or at the end of a line', () => {
    const empty = buildMergeContext({ clinic: { timezone: 'Europe/Madrid', name: 'Clínica' } });
    const text = renderTemplate('Hola {{patient.firstName}}, le escribe {{clinic.name}} {{provider.name}}\nAdiós', empty, { channel: 'sms', locale: 'es' }).text;
    expect(text).toBe('Hola, le escribe Clínica\nAdiós');
  });

  it('when the template iterates the day\'s appointments, then each one is rendered in order', () => {
    const text = renderTemplate('{{#each appointments}}{{startTime}} {{service}}{{#unless @last}}; {{/unless}}{{/each}}', buildMergeContext(sampleMergeInput('es')), { channel: 'sms', locale: 'es' }).text;
    expect(text).toBe('9:30 Limpieza dental; 10:15 Revisión');
  });
});
