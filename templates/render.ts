// Renders a template for one channel. Plain text everywhere (no HTML entities: "&" stays "&");
// email also gets an HTML part where every merged value is HTML-escaped.
import Handlebars from 'handlebars';
import type { MergeContext } from './context.ts';
import { parseTemplateSource } from './source.ts';
import type { Channel, Locale, TemplateDefinition } from './types.ts';

export interface RenderOptions { channel: Channel; locale: Locale }

export interface RenderedMessage {
  text: string;
  subject?: string;
  buttons?: string[];
  /** Email only. */
  html?: string;
}

// Only the block helpers the field checker understands; anything else fails at compile time.
const KNOWN_HELPERS = { if: true, unless: true, each: true } as const;
const handlebars = Handlebars.create();
const compiled = new Map<string, HandlebarsTemplateDelegate>();

export function renderTemplate(source: string | TemplateDefinition, context: MergeContext, options: RenderOptions): RenderedMessage {
  const template = typeof source === 'string' ? parseTemplateSource(source) : source;
  const message: RenderedMessage = { text: tidy(plainText(template.body, context)) };
  if (options.channel === 'email') {
    message.subject = tidy(plainText(template.subject ?? '', context)).replace(/\s*\n\s*/g, ' ');
    message.html = toHtml(compile(template.body, false)(context), options.locale);
  }
  if (options.channel === 'whatsapp' && template.buttons?.length) {
    message.buttons = template.buttons.map((button) => tidy(plainText(button, context)));
  }
  return message;
}

function plainText(source: string, context: MergeContext): string {
  return compile(source, true)(context);
}

function compile(source: string, noEscape: boolean): HandlebarsTemplateDelegate {
  const key = `${noEscape ? 't' : 'h'}:${source}`;
  let template = compiled.get(key);
  if (!template) {
    template = handlebars.compile(source, { noEscape, strict: false, knownHelpers: KNOWN_HELPERS, knownHelpersOnly: true });
    if (compiled.size > 2000) compiled.clear(); // bounded: overrides are few, but bodies sent for preview are not
    compiled.set(key, template);
  }
  return template;
}

// Empty merge values leave "Hola ," or double spaces behind; clean them up, keep paragraphs.
// (Not the space before "!" or "?", which French typography wants.)
function tidy(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t]{2,}/g, ' ').replace(/ +([,.])/g, '$1').trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function toHtml(escapedBody: string, locale: Locale): string {
  const paragraphs = tidy(escapedBody)
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${linkify(paragraph).replace(/\n/g, '<br>\n')}</p>`);
  return `<div lang="${locale}">\n${paragraphs.join('\n')}\n</div>`;
}

// Values are already escaped, so a URL cannot carry markup; "&amp;" inside a URL stays valid HTML.
function linkify(escaped: string): string {
  return escaped.replace(/https?:\/\/[^\s<]+[^\s<.,;:!?)]/g, (url) => `<a href="${url}">${url}</a>`);
}
