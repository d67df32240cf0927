import { describe, expect, it } from 'vitest';
import type { TemplatePack } from '../../../templates/index.ts';
import { effectiveTemplates } from './listTemplates.ts';

const pack: TemplatePack = new Map([
  ['es/sms/reminder', { event: 'reminder', channel: 'sms', locale: 'es', body: 'Recordatorio {{appointment.date}}' }],
  ['en/sms/reminder', { event: 'reminder', channel: 'sms', locale: 'en', body: 'Reminder {{appointment.date}}' }],
]);

describe('effectiveTemplates', () => {
  it("when the clinic saved its own version, then it replaces the pack's in that language only", () => {
    const items = effectiveTemplates([{ event: 'reminder', channel: 'sms', locale: 'es', body: 'Te esperamos' }], pack, { event: 'reminder', channel: 'sms' });
    expect(items.map(({ locale, body, origin }) => ({ locale, body, origin }))).toEqual([
      { locale: 'es', body: 'Te esperamos', origin: 'override' },
      { locale: 'en', body: 'Reminder {{appointment.date}}', origin: 'pack' },
    ]);
  });

  it('when neither the clinic nor the pack has a slot, then it is left out', () => {
    expect(effectiveTemplates([], pack, { event: 'reminder', channel: 'whatsapp' })).toEqual([]);
  });

  it('when an override fills a slot the pack lacks, then it is listed, with absent parts as null', () => {
    expect(effectiveTemplates([{ event: 'recall', channel: 'sms', locale: 'it', body: 'Richiamo' }], pack, { event: 'recall', locale: 'it' })).toEqual([
      { event: 'recall', channel: 'sms', locale: 'it', body: 'Richiamo', subject: null, buttons: null, origin: 'override' },
    ]);
  });
});
