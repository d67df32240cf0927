import { describe, expect, it } from 'vitest';
import { getDefaultPack, packKey } from './pack.ts';
import { validateTemplate } from './validate.ts';
import { CHANNELS, EVENTS, LOCALES } from './types.ts';

const pack = getDefaultPack();
const combos = LOCALES.flatMap((locale) => CHANNELS.flatMap((channel) => EVENTS.map((event) => ({ locale, channel, event }))));

describe('default template pack', () => {
  it('when the pack is loaded, then every event has a template in every channel and locale and nothing else', () => {
    const missing = combos.filter(({ event, channel, locale }) => !pack.has(packKey(event, channel, locale)));
    expect(missing).toEqual([]);
    expect(pack.size).toBe(combos.length);
  });

  it.each(combos)('when $locale/$channel/$event is validated with the sample patient, then it has no unknown field and fits the limits', ({ event, channel, locale }) => {
    const template = pack.get(packKey(event, channel, locale));
    if (!template) throw new Error('missing template');
    const result = validateTemplate(template, { channel, locale });
    expect(result.issues).toEqual([]);
    const text = `${result.preview?.subject ?? ''}\n${result.preview?.text ?? ''}\n${(result.preview?.buttons ?? []).join('\n')}`;
    expect(text).not.toMatch(/\bundefined\b|\bnull\b|\[object Object\]|&amp;|&#|&quot;|\{\{|\}\}/);
    expect(result.preview?.text.length).toBeGreaterThan(20);
  });

  it('when an email template is read, then it has a subject', () => {
    const withoutSubject = [...pack.values()].filter((t) => t.channel === 'email' && !t.subject);
    expect(withoutSubject.map((t) => packKey(t.event, t.channel, t.locale))).toEqual([]);
  });

  it('when a WhatsApp reminder, recall, rebooking offer or survey is read, then it carries quick-reply buttons', () => {
    const needButtons = ['reminder', 'reminder_second', 'reminder_multi', 'recall', 'rebook_offer', 'followup_survey'];
    for (const locale of LOCALES) {
      for (const event of needButtons) {
        const buttons = pack.get(packKey(event, 'whatsapp', locale))?.buttons ?? [];
        expect(buttons.length, `${locale}/${event}`).toBeGreaterThanOrEqual(2);
      }
    }
  });

  it('when the Spanish recall is read, then its buttons and replies are the ones clinics already use', () => {
    expect(pack.get(packKey('recall', 'whatsapp', 'es'))?.buttons).toEqual(['Agendar cita', 'No gracias']);
    expect(pack.get(packKey('recall_accepted', 'whatsapp', 'es'))?.body).toContain('¿Prefieres mañanas o tardes?');
    expect(pack.get(packKey('recall_rejected', 'whatsapp', 'es'))?.body).toBe('Muchas gracias, nos pondremos en contacto contigo más adelante.');
  });

  it('when the SMS reminder is rendered, then it tells the patient to reply SÍ to confirm or NO to cancel', () => {
    const result = validateTemplate(pack.get(packKey('reminder', 'sms', 'es')) ?? '', { channel: 'sms', locale: 'es' });
    expect(result.preview?.text).toContain('Responda SÍ para confirmar o NO para cancelar');
    const english = validateTemplate(pack.get(packKey('reminder', 'sms', 'en')) ?? '', { channel: 'sms', locale: 'en' });
    expect(english.preview?.text).toContain('Reply YES to confirm or NO to cancel');
  });

  it('when the voice reminder is rendered, then it ends with the keypad menu', () => {
    const result = validateTemplate(pack.get(packKey('reminder', 'voice', 'es')) ?? '', { channel: 'voice', locale: 'es' });
    expect(result.preview?.text).toContain('pulse 1 para confirmar, 2 para cancelar');
    expect(result.preview?.text).not.toMatch(/https?:|[*📅]/u);
  });

  it('when reminder_multi is rendered, then every appointment of the day is listed', () => {
    const result = validateTemplate(pack.get(packKey('reminder_multi', 'whatsapp', 'es')) ?? '', { channel: 'whatsapp', locale: 'es' });
    expect(result.preview?.text).toContain('9:30 · Limpieza dental con Dra. Ana García');
    expect(result.preview?.text).toContain('10:15 · Revisión con Dr. Luis Pérez');
  });

  it.each(['reminder_multi_confirmed', 'reminder_multi_cancelled'])('when %s is rendered, then it names every appointment the answer covered', (event) => {
    for (const locale of LOCALES) {
      for (const channel of CHANNELS) {
        const result = validateTemplate(pack.get(packKey(event, channel, locale)) ?? '', { channel, locale });
        // Italian writes "09:30", French "9 h 30".
        expect(result.preview?.text, `${locale}/${channel}`).toMatch(/\b0?9(:| h )30\b/);
        expect(result.preview?.text, `${locale}/${channel}`).toMatch(/\b10(:| h )15\b/);
      }
    }
  });
});
