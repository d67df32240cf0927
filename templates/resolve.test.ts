import { describe, expect, it } from 'vitest';
import { fallbackLocales, resolveTemplate, type TemplateOverride } from './resolve.ts';

const override = (locale: TemplateOverride['locale'], body: string): TemplateOverride => ({ event: 'reminder', channel: 'sms', locale, body });

describe('resolveTemplate', () => {
  it('when the clinic has an override in the patient language, then it is used', () => {
    const resolved = resolveTemplate({ event: 'reminder', channel: 'sms', patientLocale: 'en', clinicLocale: 'es', overrides: [override('en', 'Custom EN'), override('es', 'Custom ES')] });
    expect(resolved).toMatchObject({ origin: 'override', locale: 'en', body: 'Custom EN' });
  });

  it('when there is no override in the patient language, then the pack in that language beats an override in the clinic language', () => {
    const resolved = resolveTemplate({ event: 'reminder', channel: 'sms', patientLocale: 'fr', clinicLocale: 'es', overrides: [override('es', 'Custom ES')] });
    expect(resolved).toMatchObject({ origin: 'pack', locale: 'fr' });
    expect(resolved?.body).toContain('rappel de votre rendez-vous');
  });

  it('when the patient language is unsupported, then the clinic override, then the clinic pack, then Spanish is used', () => {
    expect(resolveTemplate({ event: 'reminder', channel: 'sms', patientLocale: 'de', clinicLocale: 'it', overrides: [override('it', 'Custom IT')] })).toMatchObject({ origin: 'override', locale: 'it' });
    expect(resolveTemplate({ event: 'reminder', channel: 'sms', patientLocale: 'de', clinicLocale: 'it' })).toMatchObject({ origin: 'pack', locale: 'it' });
    expect(resolveTemplate({ event: 'reminder', channel: 'sms', patientLocale: null, clinicLocale: null })).toMatchObject({ origin: 'pack', locale: 'es' });
  });

  it('when only Spanish exists for a clinic-defined event, then the Spanish override is the last resort', () => {
    const custom = { event: 'invoice_overdue', channel: 'email' as const, locale: 'es' as const, body: 'Factura pendiente', subject: 'Factura' };
    expect(resolveTemplate({ event: 'invoice_overdue', channel: 'email', patientLocale: 'en', clinicLocale: 'fr', overrides: [custom] })).toMatchObject({ origin: 'override', locale: 'es', subject: 'Factura' });
    expect(resolveTemplate({ event: 'invoice_overdue', channel: 'sms', patientLocale: 'en', clinicLocale: 'fr', overrides: [custom] })).toBeUndefined();
  });

  it('when an override for another channel or event exists, then it is ignored', () => {
    const others: TemplateOverride[] = [{ ...override('es', 'WhatsApp'), channel: 'whatsapp' }, { ...override('es', 'Recall'), event: 'recall' }];
    expect(resolveTemplate({ event: 'reminder', channel: 'sms', clinicLocale: 'es', overrides: others })).toMatchObject({ origin: 'pack' });
  });

  it('when pack templates carry buttons, then the resolved template keeps them', () => {
    expect(resolveTemplate({ event: 'recall', channel: 'whatsapp', clinicLocale: 'es' })?.buttons).toEqual(['Agendar cita', 'No gracias']);
  });

  it('when locales are listed, then the order is patient, clinic, es without repeats', () => {
    expect(fallbackLocales('en-GB', 'it')).toEqual(['en', 'it', 'es']);
    expect(fallbackLocales('es', 'es')).toEqual(['es']);
    expect(fallbackLocales(undefined, 'fr')).toEqual(['fr', 'es']);
  });
});
