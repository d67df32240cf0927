// Which template a message uses: the clinic's override, else the pack, trying the patient's language,
// then the clinic's, then Spanish. At each language an override beats the pack.
import { getDefaultPack, packKey, type TemplatePack } from './pack.ts';
import { DEFAULT_LOCALE, toLocale, type Channel, type Locale, type TemplateDefinition } from './types.ts';

/** A clinic's saved template, as the database returns it. */
export interface TemplateOverride extends TemplateDefinition {
  event: string;
  channel: Channel;
  locale: Locale;
}

export interface ResolveRequest {
  event: string;
  channel: Channel;
  patientLocale?: string | null;
  clinicLocale?: string | null;
  overrides?: readonly TemplateOverride[];
  /** Defaults to the shipped pack. */
  pack?: TemplatePack;
}

export interface ResolvedTemplate extends TemplateDefinition {
  event: string;
  channel: Channel;
  /** The language actually used, which the merge context should be built in. */
  locale: Locale;
  origin: 'override' | 'pack';
}

/** Undefined only for an event that neither the pack nor the clinic has. */
export function resolveTemplate(request: ResolveRequest): ResolvedTemplate | undefined {
  const { event, channel } = request;
  const pack = request.pack ?? getDefaultPack();
  const overrides = request.overrides ?? [];
  for (const locale of fallbackLocales(request.patientLocale, request.clinicLocale)) {
    const override = overrides.find((row) => row.event === event && row.channel === channel && row.locale === locale);
    if (override) return { ...pick(override), event, channel, locale, origin: 'override' };
    const packed = pack.get(packKey(event, channel, locale));
    if (packed) return { ...pick(packed), event, channel, locale, origin: 'pack' };
  }
  return undefined;
}

/** The languages tried, in order, without repeats: patient, clinic, es. */
export function fallbackLocales(patientLocale?: string | null, clinicLocale?: string | null): Locale[] {
  const order = [toLocale(patientLocale), toLocale(clinicLocale), DEFAULT_LOCALE];
  return order.filter((locale, index): locale is Locale => locale !== undefined && order.indexOf(locale) === index);
}

function pick(template: TemplateDefinition): TemplateDefinition {
  return {
    body: template.body,
    ...(template.subject ? { subject: template.subject } : {}),
    ...(template.buttons?.length ? { buttons: [...template.buttons] } : {}),
  };
}
