// The .hbs file convention: an optional front-matter block, then the body.
//
//   ---
//   subject: Recordatorio de su cita en {{clinic.name}}
//   buttons: Confirmar | Cancelar
//   ---
//   Hola {{patient.firstName}}, …
//
// Keys: `subject` (email) and `buttons` (WhatsApp quick replies, separated by "|"). Both may use merge fields.
import type { TemplateDefinition } from './types.ts';

const FENCE = '---';

export function parseTemplateSource(source: string): TemplateDefinition {
  const normalized = source.replace(/\r\n/g, '\n');
  if (!normalized.startsWith(`${FENCE}\n`)) return { body: normalized.trim() };
  const end = normalized.indexOf(`\n${FENCE}\n`, FENCE.length);
  if (end === -1) throw new Error('template front matter is not closed with a "---" line');
  const definition: TemplateDefinition = { body: normalized.slice(end + FENCE.length + 2).trim() };
  for (const line of normalized.slice(FENCE.length + 1, end).split('\n')) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    const key = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (colon === -1 || (key !== 'subject' && key !== 'buttons')) throw new Error(`unknown front-matter line "${line}" (expected subject: or buttons:)`);
    if (key === 'subject') definition.subject = value;
    else definition.buttons = value.split('|').map((b) => b.trim()).filter(Boolean);
  }
  return definition;
}

/** The inverse of parseTemplateSource, e.g. to export a clinic's override as a .hbs file. */
export function formatTemplateSource(template: TemplateDefinition): string {
  const header: string[] = [];
  if (template.subject !== undefined) header.push(`subject: ${template.subject}`);
  if (template.buttons?.length) header.push(`buttons: ${template.buttons.join(' | ')}`);
  const body = `${template.body.trim()}\n`;
  return header.length ? `${FENCE}\n${header.join('\n')}\n${FENCE}\n${body}` : body;
}
