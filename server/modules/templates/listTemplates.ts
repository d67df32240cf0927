// The clinic's effective templates: its overrides over the default pack, one per event × channel × locale.
import { CHANNELS, EVENTS, LOCALES, packKey, type Channel, type Locale, type TemplateEvent, type TemplateOverride, type TemplatePack } from '../../../templates/index.ts';
import type { TemplateDeps } from './templateDeps.ts';

export type TemplateFilters = { event?: TemplateEvent | undefined; channel?: Channel | undefined; locale?: Locale | undefined };

export async function listTemplates(deps: Pick<TemplateDeps, 'overrides' | 'pack'>, clinicId: string, filters: TemplateFilters) {
  return effectiveTemplates(await deps.overrides.list(clinicId), deps.pack, filters);
}

/** Every slot the filters leave, in catalogue order; a slot neither the clinic nor the pack fills is left out. */
export function effectiveTemplates(saved: readonly TemplateOverride[], pack: TemplatePack, filters: TemplateFilters) {
  const items = [];
  for (const event of filters.event ? [filters.event] : EVENTS)
    for (const channel of filters.channel ? [filters.channel] : CHANNELS)
      for (const locale of filters.locale ? [filters.locale] : LOCALES) {
        const override = saved.find((o) => o.event === event && o.channel === channel && o.locale === locale);
        const template = override ?? pack.get(packKey(event, channel, locale));
        if (!template) continue;
        items.push({ event, channel, locale, body: template.body, subject: template.subject ?? null, buttons: template.buttons ?? null, origin: override ? ('override' as const) : ('pack' as const) });
      }
  return items;
}
