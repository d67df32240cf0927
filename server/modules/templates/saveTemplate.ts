// Saving a clinic's own template: checked first (syntax, known merge fields, the channel's limits with the
// clinic's SMS segment cap); a template that fails is not saved and the first issue says why.
import { DEFAULT_MAX_SMS_SEGMENTS, validateTemplate, type SmsMeasure, type TemplateIssue } from '../../../templates/index.ts';
import type { TemplateDeps, TemplateKey } from './templateDeps.ts';

export type TemplateInput = { body: string; subject?: string | undefined; buttons?: string[] | undefined };
export type SaveTemplateResult = { saved: true; sms: SmsMeasure | null } | { saved: false; issue: TemplateIssue };

export async function saveTemplate(deps: Pick<TemplateDeps, 'overrides' | 'clinics'>, clinicId: string, key: TemplateKey, template: TemplateInput): Promise<SaveTemplateResult> {
  const settings = (await deps.clinics.get(clinicId))?.settings ?? {};
  const validation = validateTemplate(template, { channel: key.channel, locale: key.locale, maxSmsSegments: maxSmsSegments(settings) });
  const issue = validation.issues[0];
  if (issue) return { saved: false, issue };
  await deps.overrides.save(clinicId, key, template);
  return { saved: true, sms: validation.sms ?? null };
}

/** The clinic's cap on SMS segments per message (`settings.templates.maxSmsSegments`); anything but a number ≥ 1 means the default. */
export function maxSmsSegments(settings: Record<string, unknown>): number {
  const templates = settings.templates;
  const value = typeof templates === 'object' && templates !== null && 'maxSmsSegments' in templates ? templates.maxSmsSegments : undefined;
  return typeof value === 'number' && value >= 1 ? value : DEFAULT_MAX_SMS_SEGMENTS;
}
