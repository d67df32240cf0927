import { describe, expect, it } from 'vitest';
import { buildMergeContext } from './context.ts';
import { previewTemplate } from './preview.ts';
import { resolveTemplate } from './resolve.ts';

describe('previewTemplate', () => {
  it('when an SMS is previewed without an appointment, then it renders for the sample patient Bob with encoding, segments and characters left', () => {
    const template = resolveTemplate({ event: 'reminder', channel: 'sms', clinicLocale: 'es' });
    if (!template) throw new Error('no reminder template');
    const preview = previewTemplate(template, { channel: 'sms', locale: template.locale });
    expect(preview.text).toMatch(/^Clínica Sonrisa: Hola Bob, le recordamos su cita el miércoles 3 de junio a las 9:30/);
    expect(preview.sms).toMatchObject({ encoding: 'UCS-2', segments: 3 });
    expect(preview.sms?.charsLeft).toBeGreaterThan(0);
  });

  it('when a real appointment context is given, then the preview uses it and WhatsApp gets buttons but no SMS measure', () => {
    const context = buildMergeContext({ clinic: { name: 'Fisio Norte', timezone: 'Europe/Madrid' }, patient: { firstName: 'Lucía', locale: 'es' }, appointment: { startsAt: '2026-10-25T09:30:00Z' }, channel: 'whatsapp' });
    const preview = previewTemplate({ body: 'Hola {{patient.firstName}}, {{appointment.dateTime}}', buttons: ['Confirmar', 'Cancelar'] }, { channel: 'whatsapp', locale: 'es', context });
    expect(preview).toEqual({ text: 'Hola Lucía, domingo 25 de octubre a las 10:30', buttons: ['Confirmar', 'Cancelar'] });
  });
});
