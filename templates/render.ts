// Renders a template for one channel. Plain text everywhere (no HTML entities: "&" stays "&");
// email also gets an HTML part made from that same text, escaped whole: the template's own words as much as the
// merged values, since a clinic's template is text, not markup (a `<script>` or `<b>` in it shows as typed).
// The HTML adds only paragraphs, line breaks and links to the web addresses in the text.
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
    message.html = toHtml(message.text, options.locale);
  }
  if (options.channel === 'whatsapp' && template.buttons?.length) {
    message.buttons = template.buttons.map((button) => tidy(plainText(button, context)));
  }
  return message;
}

function plainText(source: string, context: MergeContext): string {
  return compile(source)(context);
}

function compile(source: string): HandlebarsTemplateDelegate {
  let template = compiled.get(source);
  if (!template) {
    template = handlebars.compile(source, { noEscape: true, strict: false, knownHelpers: KNOWN_HELPERS, knownHelpersOnly: true });
    if (compiled.size > 2000) compiled.clear(); // bounded: overrides are few, but bodies sent for preview are not
    compiled.set(source, template);
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

function toHtml(text: string, locale: Locale): string {
  const paragraphs = text.split(/\n{2,}/).map((paragraph) => `<p>${linkified(paragraph).replace(/\n/g, '<br>\n')}</p>`);
  return `<div lang="${locale}">\n${paragraphs.join('\n')}\n</div>`;
}

// Web addresses become links showing their own address; everything else, and the address itself, is escaped.
// Found in the plain text, so an address ends where a quote or bracket around it starts.
const WEB_ADDRESS = /https?:\/\/[^\s<>"'`]*[^\s<>"'`.,;:!?)]/g;

function linkified(plain: string): string {
  const escape = handlebars.Utils.escapeExpression;
  let html = '';
  let last = 0;
  for (const match of plain.matchAll(WEB_ADDRESS)) {
    const url = escape(match[0]);
    html += `${escape(plain.slice(last, match.index))}<a href="${url}">${url}</a>`;
    last = match.index + match[0].length;
  }
  return html + escape(plain.slice(last));
}
