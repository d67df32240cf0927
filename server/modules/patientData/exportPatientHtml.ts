// The patient export as a page a person reads and prints: the same document as the JSON export, in the clinic's
// language and time zone. Every value goes through Handlebars' escaping ({{…}}, never {{{…}}}), so nothing a
// patient or staff wrote can become markup; the page carries no script and its own style is allowed by hash.
import { createHash } from 'node:crypto';
import Handlebars from 'handlebars';
import { consentState } from '../consents/consent.dto.ts';
import { EXPORT_LABELS, type ExportLabels } from './exportLabels.ts';
import type { PatientExport } from './exportPatient.ts';

export type ExportClinic = { name: string; locale: string; timezone: string };

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;color:#111;max-width:60rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;border-bottom:2px solid #333;margin-top:2rem}h3{font-size:1rem;margin-top:1.2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #bbb;padding:.25rem .4rem;text-align:left;vertical-align:top}
th{background:#eee}.text{white-space:pre-wrap;overflow-wrap:anywhere}.muted{color:#555}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}tr{break-inside:avoid}}`;

/** The Content-Security-Policy this page needs: its one style block, nothing else (no script, no fetch, no frame). */
export const EXPORT_PAGE_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

const handlebars = Handlebars.create();
const page = handlebars.compile(
  `<!doctype html>
<html lang="{{lang}}"><head><meta charset="utf-8"><title>{{t.title}}: {{patient.name}}</title><style>{{{style}}}</style></head><body>
<h1>{{t.title}}: {{patient.name}}</h1>
<p class="muted">{{t.intro}} {{t.clinic}}: {{clinic}}. {{t.exportedAt}} {{exportedAt}}.</p>
<h2>{{t.patient}}</h2>
<dl>{{#each patient.fields}}<dt>{{label}}</dt><dd class="text">{{value}}</dd>{{/each}}</dl>
<h2>{{t.consents}}</h2>
<h3>{{t.currentConsents}}</h3>
<table><tr><th>{{t.purpose}}</th>{{#each consentChannels}}<th>{{this}}</th>{{/each}}</tr>
{{#each consentRows}}<tr><td>{{purpose}}</td>{{#each cells}}<td>{{this}}</td>{{/each}}</tr>{{/each}}</table>
<h3>{{t.ledger}}</h3>
{{#if ledger.length}}<table><tr><th>{{t.date}}</th><th>{{t.purpose}}</th><th>{{t.channel}}</th><th>{{t.status}}</th><th>{{t.source}}</th><th>{{t.recordedBy}}</th><th>{{t.textShown}}</th><th>{{t.notes}}</th></tr>
{{#each ledger}}<tr><td>{{at}}</td><td>{{purpose}}</td><td>{{channel}}</td><td>{{granted}}</td><td>{{source}}</td><td>{{by}}</td><td class="text">{{textShown}}</td><td class="text">{{note}}</td></tr>{{/each}}</table>{{else}}<p>{{t.none}}</p>{{/if}}
{{#each sections}}<h2>{{title}}</h2>
{{#if rows.length}}<table><tr>{{#each head}}<th>{{this}}</th>{{/each}}</tr>{{#each rows}}<tr>{{#each this}}<td class="text">{{this}}</td>{{/each}}</tr>{{/each}}</table>{{else}}<p>{{../t.none}}</p>{{/if}}
{{/each}}
<h2>{{t.conversations}}</h2>
{{#each conversations}}<h3>{{../t.conversation}} · {{channel}} · {{createdAt}}</h3>
<table><tr><th>{{../t.date}}</th><th>{{../t.author}}</th><th>{{../t.message}}</th><th>{{../t.status}}</th></tr>
{{#each messages}}<tr><td>{{at}}</td><td>{{author}}</td><td class="text">{{text}}</td><td>{{status}}</td></tr>{{/each}}</table>
{{#if notes.length}}<p><strong>{{../t.internalNotes}}</strong></p><table>{{#each notes}}<tr><td>{{at}}</td><td class="text">{{text}}</td></tr>{{/each}}</table>{{/if}}
{{else}}<p>{{t.none}}</p>{{/each}}
</body></html>`,
  { strict: false },
);

export function exportPatientHtml(document: PatientExport, clinic: ExportClinic, userNames: ReadonlyMap<string, string>): string {
  const lang = clinic.locale === 'en' || clinic.locale === 'it' || clinic.locale === 'fr' ? clinic.locale : 'es';
  const t = EXPORT_LABELS[lang];
  const when = dateFormatter(lang, clinic.timezone);
  const code = (value: string | null | undefined) => (value ? (t.codes[value] ?? value) : '');
  const yesNo = (value: boolean) => (value ? t.yes : t.no);
  const { patient } = document;
  const name = `${patient.firstName} ${patient.lastName}`.trim();
  const state = consentState(patient);
  return page({
    lang,
    t,
    style: STYLE,
    clinic: clinic.name,
    exportedAt: when(document.exportedAt),
    patient: {
      name,
      fields: [
        [t.name, name],
        [t.phones, patient.phones.join(', ')],
        [t.email, patient.email ?? ''],
        [t.language, patient.locale ?? ''],
        [t.preferredChannel, patient.preferredChannel ?? ''],
        [t.privacyConsent, yesNo(patient.privacyConsent)],
        [t.optOuts, patient.optOuts.join(', ')],
        [t.externalIds, patient.externalIds.map((entry) => `${entry.source}: ${entry.externalId}`).join(', ')],
        [t.notes, patient.notes ?? ''],
        [t.createdAt, when(patient.createdAt)],
      ].map(([label, value]) => ({ label, value })),
    },
    consentChannels: state.channels,
    consentRows: state.purposes.map((entry) => ({ purpose: code(entry.purpose), cells: state.channels.map((kind) => yesNo(entry.channels[kind].granted && !state.optOuts.includes(kind))) })),
    ledger: document.consents.map((entry) => ({
      at: when(entry.at),
      purpose: code(entry.purpose),
      channel: entry.channel ?? '',
      granted: entry.granted ? t.granted : t.withdrawn,
      source: code(entry.source),
      by: entry.byUserId ? (userNames.get(entry.byUserId) ?? entry.byUserId) : '',
      textShown: entry.textShown ?? '',
      note: entry.note ?? '',
    })),
    sections: sections(document, t, when, code, userNames),
    conversations: document.conversations.map((conversation) => ({
      channel: conversation.messages[0]?.channelKind ?? '',
      createdAt: when(conversation.createdAt),
      messages: conversation.messages.map((message) => ({ at: when(message.createdAt), author: code(message.author), text: message.text, status: message.status })),
      notes: conversation.notes.map((note) => ({ at: when(note.createdAt), text: note.text })),
    })),
  });
}

type When = (value: Date | string | null | undefined) => string;

/** The record's other tables, each a heading and rows of already formatted cells. */
function sections(document: PatientExport, t: ExportLabels, when: When, code: (value: string | null | undefined) => string, userNames: ReadonlyMap<string, string>) {
  return [
    { title: t.appointments, head: [t.date, t.status, t.notes], rows: document.appointments.map((a) => [when(a.startsAt), code(a.status), a.notes ?? '']) },
    { title: t.recalls, head: [t.dueDate, t.reason, t.status], rows: document.recalls.map((r) => [r.dueDate, r.reason, code(r.status)]) },
    { title: t.treatments, head: [t.date, t.treatment], rows: document.treatments.map((tr) => [tr.performedOn, tr.name]) },
    { title: t.reminders, head: [t.date, t.status], rows: document.automatedReminders.map((r) => [when(r.dueAt), `${r.state}${r.outcome ? ` (${r.outcome})` : ''}`]) },
    { title: t.audit, head: [t.date, t.user, t.action], rows: document.audit.map((a) => [when(a.at), a.actorUserId ? (userNames.get(a.actorUserId) ?? a.actorUserId) : '', `${code(a.action)} · ${a.subjectType}`]) },
  ];
}

function dateFormatter(lang: string, timezone: string): When {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: timezone });
  } catch {
    // A time zone the runtime does not know: UTC, said so by the format itself.
    format = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC', timeZoneName: 'short' });
  }
  return (value) => (value ? format.format(new Date(value)) : '');
}
