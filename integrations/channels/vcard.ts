// Contact cards (vCard 3.0, RFC 2426, and 4.0, RFC 6350) → the contacts a patient shared: the name, phone
// numbers and e-mail addresses only. A small reader rather than a library: those four properties need line
// unfolding, the `group.` prefix, parameters (quoted in 4.0) and backslash escapes, nothing more; the
// well-kept library for the whole format (ical.js) would be a new dependency for four lines of a card.
import type { SharedContact } from './channel.ts';
import { toE164 } from './phone.ts';

/** A WhatsApp card holds one person; a forwarded address book stays readable without flooding the thread. */
const MAX_CONTACTS = 20;
const MAX_VALUES = 10;

/** Every card in `text`, in order; cards with neither a name nor a number or address are left out. */
export function parseVCards(text: string): SharedContact[] {
  const contacts: SharedContact[] = [];
  let card: CardLines | undefined;
  for (const line of unfold(text)) {
    const property = parseLine(line);
    if (!property) continue;
    if (property.name === 'BEGIN' && property.value.toUpperCase() === 'VCARD') card = { fn: undefined, n: undefined, phones: [], emails: [] };
    else if (property.name === 'END' && property.value.toUpperCase() === 'VCARD') {
      const contact = card && toContact(card);
      if (contact) contacts.push(contact);
      card = undefined;
    } else if (card) collect(card, property);
    if (contacts.length === MAX_CONTACTS) break;
  }
  return contacts;
}

interface CardLines {
  fn: string | undefined;
  n: string | undefined;
  phones: string[];
  emails: string[];
}

interface Property {
  /** Upper case, without the `group.` prefix. */
  name: string;
  /** Still escaped: N splits on its unescaped `;` first. */
  value: string;
}

function collect(card: CardLines, { name, value }: Property): void {
  if (name === 'FN' && card.fn === undefined) card.fn = unescapeText(value).trim();
  else if (name === 'N' && card.n === undefined) card.n = nameFromParts(value);
  else if (name === 'TEL' && card.phones.length < MAX_VALUES) pushNew(card.phones, phoneOf(unescapeText(value)));
  else if (name === 'EMAIL' && card.emails.length < MAX_VALUES) pushNew(card.emails, unescapeText(value).trim());
}

function toContact(card: CardLines): SharedContact | undefined {
  // FN is required by both versions, but phones write cards with only N, or with neither.
  const name = card.fn || card.n || card.phones[0] || card.emails[0];
  if (!name) return undefined;
  return { name, ...(card.phones.length ? { phones: card.phones } : {}), ...(card.emails.length ? { emails: card.emails } : {}) };
}

/** Joins folded lines: a line that starts with a space or a tab continues the one before, minus that one character. */
function unfold(text: string): string[] {
  const lines: string[] = [];
  for (const raw of text.split(/\r\n|\r|\n/)) {
    if ((raw.startsWith(' ') || raw.startsWith('\t')) && lines.length > 0) lines[lines.length - 1] += raw.slice(1);
    else lines.push(raw);
  }
  return lines;
}

/** `item1.TEL;TYPE="cell,voice";waid=34600111222:+34 600 11 12 22` → TEL and its value. The first `:` outside quotes ends the parameters. */
function parseLine(line: string): Property | undefined {
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    const char = line[index];
    if (char === '"') quoted = !quoted;
    else if (char === ':' && !quoted) {
      const head = line.slice(0, index).split(';')[0] ?? '';
      const name = head.slice(head.lastIndexOf('.') + 1).trim().toUpperCase();
      return name ? { name, value: line.slice(index + 1) } : undefined;
    }
  }
  return undefined;
}

/** N is `family;given;additional;prefix;suffix`, each a comma list: printed as "prefix given additional family suffix". */
function nameFromParts(value: string): string | undefined {
  const [family, given, additional, prefix, suffix] = splitUnescaped(value, ';').map((part) => splitUnescaped(part, ',').map(unescapeText).join(' ').trim());
  const name = [prefix, given, additional, family, suffix].filter(Boolean).join(' ');
  return name || undefined;
}

/** 4.0 writes `tel:+34-600-111-222;ext=1` (VALUE=uri); 3.0 the number as typed. E.164 when it is one, else as written. */
function phoneOf(value: string): string {
  const written = value.trim().replace(/^tel:/i, '').split(';')[0]?.trim() ?? '';
  return (written.startsWith('+') || written.startsWith('00') ? toE164(written) : undefined) ?? written;
}

function pushNew(values: string[], value: string): void {
  if (value && !values.includes(value)) values.push(value);
}

function splitUnescaped(value: string, separator: ';' | ','): string[] {
  const parts: string[] = [];
  let current = '';
  for (let index = 0; index < value.length; index++) {
    const char = value[index];
    if (char === '\\' && index + 1 < value.length) {
      current += char + value[++index];
    } else if (char === separator) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
}

/** `\,` `\;` `\\` stand for themselves, `\n` (or `\N`) for a line break. */
function unescapeText(value: string): string {
  return value.replace(/\\([\\,;nN])/g, (_match, escaped: string) => (escaped === 'n' || escaped === 'N' ? '\n' : escaped));
}
