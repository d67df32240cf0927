// What the preview endpoint answers: the rendered message plus, for SMS, encoding, segments and characters left.
import type { MergeContext } from './context.ts';
import { renderTemplate, type RenderedMessage } from './render.ts';
import { sampleMergeContext } from './sample.ts';
import { measureSms, type SmsMeasure } from './sms.ts';
import type { Channel, Locale, TemplateDefinition } from './types.ts';

export interface PreviewOptions {
  channel: Channel;
  locale: Locale;
  /** A real appointment's context (buildMergeContext); defaults to the sample patient Bob. */
  context?: MergeContext;
}

export interface TemplatePreview extends RenderedMessage {
  sms?: SmsMeasure;
}

export function previewTemplate(template: TemplateDefinition | string, options: PreviewOptions): TemplatePreview {
  const context = options.context ?? sampleMergeContext(options.locale, options.channel);
  const message = renderTemplate(template, context, { channel: options.channel, locale: options.locale });
  return options.channel === 'sms' ? { ...message, sms: measureSms(message.text) } : message;
}
