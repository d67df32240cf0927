// A template as a patient would read it: the given draft or the clinic's effective template, filled with a
// real appointment or recall when one is named, else with the sample patient; SMS measures included.
import { buildMergeContext, previewTemplate, resolveTemplate, type Channel, type Locale, type TemplateEvent, type TemplatePreview } from '../../../templates/index.ts';
import { AppError } from '../../errors.ts';
import type { TemplateDeps } from './templateDeps.ts';

export type PreviewRequest = {
  event: TemplateEvent;
  channel: Channel;
  locale?: Locale | undefined;
  /** A draft to preview instead of the saved template. */
  body?: string | undefined;
  subject?: string | undefined;
  buttons?: string[] | undefined;
  appointmentId?: string | undefined;
  recallId?: string | undefined;
};

export async function previewClinicTemplate(deps: Pick<TemplateDeps, 'overrides' | 'clinics' | 'pack' | 'loadMergeInput'>, clinicId: string, request: PreviewRequest): Promise<TemplatePreview & { locale: Locale }> {
  const realData = request.appointmentId || request.recallId;
  const merge = realData ? await deps.loadMergeInput({ clinicId, channel: request.channel, appointmentId: request.appointmentId ?? null, recallId: request.recallId ?? null }) : null;
  const clinic = await deps.clinics.get(clinicId);
  // The language: the one asked for, else the one a send would pick (the patient's, the clinic's, Spanish).
  const resolved = resolveTemplate({ event: request.event, channel: request.channel, patientLocale: request.locale ?? merge?.patientLocale ?? null, clinicLocale: clinic?.locale ?? 'es', overrides: await deps.overrides.list(clinicId), pack: deps.pack });
  const locale: Locale = request.locale ?? resolved?.locale ?? 'es';
  const template = request.body !== undefined ? { body: request.body, ...(request.subject ? { subject: request.subject } : {}), ...(request.buttons ? { buttons: request.buttons } : {}) } : resolved;
  if (!template) throw new AppError('template_missing', 422, `No template for ${request.event} on ${request.channel}`, 'event');
  const context = merge ? buildMergeContext({ ...merge.input, locale }) : undefined;
  return { ...previewTemplate(template, { channel: request.channel, locale, ...(context ? { context } : {}) }), locale };
}
