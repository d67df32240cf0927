// Everything checked before a template is saved: its syntax, that every merge field is in the catalogue,
// and the channel limits measured on a rendering with sample data (so merge fields count realistically).
import { checkTemplateFields } from './check-fields.ts';
import type { MergeContext } from './context.ts';
import type { TemplateIssue } from './issues.ts';
import { checkChannelLimits } from './limits.ts';
import { renderTemplate, type RenderedMessage } from './render.ts';
import { sampleMergeContext } from './sample.ts';
import { measureSms, type SmsMeasure } from './sms.ts';
import { parseTemplateSource } from './source.ts';
import { DEFAULT_LOCALE, type Channel, type Locale, type TemplateDefinition } from './types.ts';

export interface ValidationOptions {
  channel: Channel;
  locale?: Locale;
  /** Clinic-wide maximum of SMS segments (default DEFAULT_MAX_SMS_SEGMENTS). */
  maxSmsSegments?: number;
  /** Data to measure with; defaults to the sample patient Bob. */
  context?: MergeContext;
}

export interface TemplateValidation {
  ok: boolean;
  issues: TemplateIssue[];
  /** The sample rendering the limits were measured on (absent when the template cannot be read). */
  preview?: RenderedMessage;
  sms?: SmsMeasure;
}

export function validateTemplate(template: TemplateDefinition | string, options: ValidationOptions): TemplateValidation {
  const definition = typeof template === 'string' ? parseTemplateSource(template) : template;
  const { channel } = options;
  const issues: TemplateIssue[] = [...checkTemplateFields(definition.body, 'body')];
  if (definition.body.trim() === '') {
    issues.push({ code: 'limit_exceeded', field: 'body', limitName: 'body.required', limit: 1, measured: 0, unit: 'characters', message: 'body: the message is empty' });
  }
  if (channel === 'email' && definition.subject) issues.push(...checkTemplateFields(definition.subject, 'subject'));
  const buttons = definition.buttons ?? [];
  if (channel === 'whatsapp') buttons.forEach((button, index) => issues.push(...checkTemplateFields(button, `buttons[${index}]`)));
  else if (buttons.length > 0) {
    issues.push({ code: 'limit_exceeded', field: 'buttons', limitName: 'buttons.notSupported', limit: 0, measured: buttons.length, unit: 'buttons', message: `buttons: ${channel} messages cannot carry quick-reply buttons` });
  }
  if (issues.some((issue) => issue.code === 'syntax_error' || issue.code === 'unsupported_syntax')) return { ok: false, issues };

  const locale = options.locale ?? DEFAULT_LOCALE;
  const context = options.context ?? sampleMergeContext(locale, channel);
  const preview = renderTemplate(definition, context, { channel, locale });
  issues.push(...checkChannelLimits(preview, channel, { maxSmsSegments: options.maxSmsSegments }));
  return { ok: issues.length === 0, issues, preview, ...(channel === 'sms' ? { sms: measureSms(preview.text) } : {}) };
}
