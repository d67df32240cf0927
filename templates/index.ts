// Public API of the template library: pure functions, no database or HTTP. server/ wires routes and
// database overrides on top of it (see README.md).
export { CHANNELS, LOCALES, EVENTS, DEFAULT_LOCALE, isChannel, isLocale, isTemplateEvent, toLocale } from './types.ts';
export type { Channel, Locale, TemplateEvent, TemplateDefinition } from './types.ts';
export { MERGE_FIELDS, APPOINTMENT_ITEM_FIELDS } from './fields.ts';
export type { MergeField, FieldGroup } from './fields.ts';
export { buildMergeContext } from './context.ts';
export type { MergeInput, MergeContext, AppointmentItem } from './context.ts';
export { sampleMergeInput, sampleMergeContext } from './sample.ts';
export { parseTemplateSource, formatTemplateSource } from './source.ts';
export { renderTemplate, renderTemplate as render } from './render.ts';
export type { RenderOptions, RenderedMessage } from './render.ts';
export { previewTemplate } from './preview.ts';
export type { PreviewOptions, TemplatePreview } from './preview.ts';
export { measureSms, DEFAULT_MAX_SMS_SEGMENTS } from './sms.ts';
export type { SmsMeasure, SmsEncoding } from './sms.ts';
export { checkChannelLimits, WHATSAPP_MAX_BODY, WHATSAPP_MAX_BUTTONS, WHATSAPP_MAX_BUTTON_LENGTH, EMAIL_MAX_BODY } from './limits.ts';
export type { LimitOptions } from './limits.ts';
export { checkTemplateFields } from './check-fields.ts';
export { validateTemplate } from './validate.ts';
export type { ValidationOptions, TemplateValidation } from './validate.ts';
export type { TemplateIssue, UnknownFieldIssue, SyntaxIssue, LimitIssue, LimitName, TemplatePart } from './issues.ts';
export { getDefaultPack, loadTemplatePack, packKey, PACK_DIR } from './pack.ts';
export type { PackTemplate, TemplatePack } from './pack.ts';
export { resolveTemplate, fallbackLocales } from './resolve.ts';
export type { ResolveRequest, ResolvedTemplate, TemplateOverride } from './resolve.ts';
export { translateLegacy, detectLegacySyntax, legacyFieldFor } from './legacy/translate.ts';
export type { LegacySyntax, LegacyTranslation } from './legacy/translate.ts';
