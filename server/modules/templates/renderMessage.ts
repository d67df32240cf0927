// Turns an event into the message a real patient receives: the clinic's override or the default pack,
// in the patient's language (then the clinic's, then Spanish), with dates in the clinic's time zone.
import { buildMergeContext, mergeValuesOf, renderTemplate, resolveTemplate, type Channel, type Locale, type MergeValues, type RenderedMessage, type TemplateEvent } from '../../../templates/index.ts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { loadMergeInput, type MergeRequest } from './mergeInput.ts';
import { createTemplateOverridesRepository } from './templateOverrides.repository.ts';

export type RenderMessageInput = MergeRequest & { event: TemplateEvent | string };

/** The rendering, plus the values it used (`merge`) for providers that fill their own template with them. */
export type RenderedWithValues = RenderedMessage & { locale: Locale; merge: MergeValues };

export async function renderMessage(deps: { db: Db }, input: RenderMessageInput): Promise<RenderedWithValues> {
  const { input: mergeInput, patientLocale, clinicLocale } = await loadMergeInput(deps.db, input);
  const overrides = await createTemplateOverridesRepository(deps.db).list(input.clinicId);
  const template = resolveTemplate({
    event: input.event,
    channel: input.channel,
    patientLocale: input.locale ?? patientLocale,
    clinicLocale,
    overrides,
  });
  if (!template) throw new AppError('template_missing', 422, `No template for ${input.event} on ${input.channel}`, 'event');
  const context = buildMergeContext({ ...mergeInput, locale: template.locale });
  const rendered = renderTemplate(template, context, { channel: input.channel, locale: template.locale });
  // Patients known only by their number have no name: "¡Genial, !" reads "¡Genial!", "Hola ," reads "Hola,".
  if (!mergeInput.patient?.firstName) rendered.text = withoutEmptyNameGaps(rendered.text);
  return { ...rendered, locale: template.locale, merge: mergeValuesOf(template.body, context) };
}

export function withoutEmptyNameGaps(text: string): string {
  return text.replace(/,\s*([!?.:])/g, '$1').replace(/[ \t]+([,!?.:])/g, '$1').replace(/[ \t]{2,}/g, ' ');
}

export type { Channel as TemplateChannel };
