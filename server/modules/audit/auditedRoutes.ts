// Which API requests touch a patient's data, and how each is written in the access audit. One table, so a new
// route that reads or changes patient data gets its line here (and the audit test lists what it expects).
import type { AUDIT_ACTIONS, AUDIT_SUBJECTS } from '../../db/schema/audit.ts';

export type AuditedRoute = { method: string; path: RegExp; action: (typeof AUDIT_ACTIONS)[number]; subject: (typeof AUDIT_SUBJECTS)[number] };

const ID = '([0-9a-fA-F-]{36})';

/** Paths relative to /api; the first group is the subject's id. */
export const AUDITED_ROUTES: readonly AuditedRoute[] = [
  { method: 'GET', path: new RegExp(`^/patients/${ID}$`), action: 'read', subject: 'patient' },
  { method: 'GET', path: new RegExp(`^/patients/${ID}/messages$`), action: 'read', subject: 'patient' },
  { method: 'GET', path: new RegExp(`^/patients/${ID}/export$`), action: 'export', subject: 'patient' },
  { method: 'GET', path: new RegExp(`^/patients/${ID}/consents$`), action: 'read', subject: 'patient' },
  { method: 'POST', path: new RegExp(`^/patients/${ID}/consents$`), action: 'update', subject: 'patient' },
  { method: 'PATCH', path: new RegExp(`^/patients/${ID}$`), action: 'update', subject: 'patient' },
  { method: 'DELETE', path: new RegExp(`^/patients/${ID}$`), action: 'delete', subject: 'patient' },
  { method: 'POST', path: new RegExp(`^/patients/${ID}/merge$`), action: 'merge', subject: 'patient' },
  { method: 'POST', path: new RegExp(`^/patients/${ID}/erase$`), action: 'erase', subject: 'patient' },
  { method: 'GET', path: new RegExp(`^/conversations/${ID}$`), action: 'read', subject: 'conversation' },
  { method: 'GET', path: new RegExp(`^/conversations/${ID}/messages$`), action: 'read', subject: 'conversation' },
];

export function auditedRoute(method: string, path: string): { route: AuditedRoute; subjectId: string } | null {
  for (const route of AUDITED_ROUTES) {
    if (route.method !== method) continue;
    const match = route.path.exec(path);
    if (match?.[1]) return { route, subjectId: match[1].toLowerCase() };
  }
  return null;
}
