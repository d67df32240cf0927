import { describe, expect, it } from 'vitest';
import { validateTemplate } from './validate.ts';

describe('validateTemplate', () => {
  it('when a field is misspelt, then the error names it and suggests the closest catalogue field', () => {
    const result = validateTemplate('Hola {{patient.fistName}}, su cita es el {{appointment.longdate}}', { channel: 'sms' });
    expect(result.ok).toBe(false);
    expect(result.issues).toEqual([
      expect.objectContaining({ code: 'unknown_field', field: 'body', name: 'patient.fistName', suggestion: 'patient.firstName' }),
      expect.objectContaining({ code: 'unknown_field', field: 'body', name: 'appointment.longdate', suggestion: 'appointment.longDate' }),
    ]);
    expect(result.issues[0]?.message).toContain('{{patient.firstName}}');
  });

  it('when a field is written without its group, then the suggestion adds the group', () => {
    const [issue] = validateTemplate('Hola {{firstName}}', { channel: 'sms' }).issues;
    expect(issue).toMatchObject({ code: 'unknown_field', name: 'firstName', suggestion: 'patient.firstName' });
  });

  it('when a legacy field is pasted between braces, then the suggestion is its catalogue equivalent', () => {
    const issues = validateTemplate('Hola {{CLIENTFIRSTNAME}}, {{TRD31}}', { channel: 'sms' }).issues;
    expect(issues).toEqual([
      expect.objectContaining({ name: 'CLIENTFIRSTNAME', suggestion: 'patient.firstName' }),
      expect.objectContaining({ name: 'TRD31', suggestion: 'appointment.longDate' }),
    ]);
  });

  it('when a field is unknown in the subject, a button or inside the appointments list, then the part is named', () => {
    const email = validateTemplate({ subject: 'Cita {{clinc.name}}', body: 'Hola' }, { channel: 'email' });
    expect(email.issues).toEqual([expect.objectContaining({ field: 'subject', name: 'clinc.name', suggestion: 'clinic.name' })]);
    const whatsapp = validateTemplate({ body: 'Hola', buttons: ['Sí', '{{patient.nombre}}'] }, { channel: 'whatsapp' });
    expect(whatsapp.issues).toEqual([expect.objectContaining({ field: 'buttons[1]', name: 'patient.nombre' })]);
    const list = validateTemplate('{{#each appointments}}{{startTme}} {{../patient.firstName}} {{@index}}{{/each}}', { channel: 'sms' });
    expect(list.issues).toEqual([expect.objectContaining({ name: 'startTme', suggestion: 'startTime' })]);
  });

  it('when the template uses helpers, partials or broken syntax, then it is refused without rendering', () => {
    expect(validateTemplate('{{lookup patient "firstName"}}', { channel: 'sms' }).issues[0]).toMatchObject({ code: 'unsupported_syntax' });
    expect(validateTemplate('{{> footer}}', { channel: 'sms' }).issues[0]).toMatchObject({ code: 'unsupported_syntax' });
    expect(validateTemplate('{{#with patient}}{{firstName}}{{/with}}', { channel: 'sms' }).issues[0]).toMatchObject({ code: 'unsupported_syntax' });
    const broken = validateTemplate('Hola {{patient.firstName', { channel: 'sms' });
    expect(broken).toMatchObject({ ok: false, issues: [{ code: 'syntax_error', field: 'body' }] });
    expect(broken.preview).toBeUndefined();
  });

  it('when an SMS takes more segments than the clinic allows, then the error names the limit and the measured segments', () => {
    const body = `{{clinic.name}}: ${'Texto largo para el paciente. '.repeat(8)}`;
    const result = validateTemplate(body, { channel: 'sms', maxSmsSegments: 2 });
    expect(result.issues).toEqual([expect.objectContaining({ code: 'limit_exceeded', field: 'body', limitName: 'sms.maxSegments', limit: 2, measured: 4, unit: 'segments' })]);
    expect(result.issues[0]?.message).toMatch(/4 segments \(UCS-2\).*at most 2/);
    // 257 characters; the í of "Clínica" makes it UCS-2 (67 per part)
    expect(result.sms).toMatchObject({ encoding: 'UCS-2', segments: 4, charsLeft: 12 });
  });

  it('when merge fields are used, then SMS segments are measured on the rendered sample, not on the placeholders', () => {
    // 24 characters of placeholder, 31 once rendered: six of them fit one SMS as written but need two once merged.
    const result = validateTemplate(Array(6).fill('{{appointment.dateTime}}').join(' '), { channel: 'sms', maxSmsSegments: 1 });
    expect(result.preview?.text).toContain('miércoles 3 de junio a las 9:30');
    expect(result.issues[0]).toMatchObject({ limitName: 'sms.maxSegments', measured: 2 });
  });

  it('when a WhatsApp message is too long or has too many or too long buttons, then each limit is reported with its measure', () => {
    const result = validateTemplate({ body: 'x'.repeat(1025), buttons: ['Uno', 'Dos', 'Tres', 'Un botón demasiado largo'] }, { channel: 'whatsapp' });
    expect(result.issues).toEqual([
      expect.objectContaining({ limitName: 'whatsapp.bodyLength', limit: 1024, measured: 1025, field: 'body' }),
      expect.objectContaining({ limitName: 'whatsapp.buttonCount', limit: 3, measured: 4, field: 'buttons' }),
      expect.objectContaining({ limitName: 'whatsapp.buttonLength', limit: 20, measured: 24, field: 'buttons[3]' }),
    ]);
  });

  it('when an email has no subject or a body over 65,535 characters, then both are reported', () => {
    const result = validateTemplate({ body: 'y'.repeat(65_536) }, { channel: 'email' });
    expect(result.issues).toEqual([
      expect.objectContaining({ limitName: 'email.subjectRequired', field: 'subject', limit: 1, measured: 0 }),
      expect.objectContaining({ limitName: 'email.bodyLength', limit: 65_535, measured: 65_536 }),
    ]);
  });

  it('when buttons are given for SMS, then they are refused rather than silently dropped', () => {
    const result = validateTemplate({ body: 'Hola', buttons: ['Sí'] }, { channel: 'sms' });
    expect(result.issues).toEqual([expect.objectContaining({ limitName: 'buttons.notSupported', limit: 0, measured: 1 })]);
  });

  it('when a template is valid, then the result is ok with a preview and the SMS measure', () => {
    const result = validateTemplate('Hola {{patient.firstName}}', { channel: 'sms', locale: 'en' });
    expect(result).toEqual({ ok: true, issues: [], preview: { text: 'Hola Bob' }, sms: expect.objectContaining({ encoding: 'GSM-7', segments: 1, charsLeft: 152 }) });
  });
});
