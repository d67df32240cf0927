// The inbox UI talks to the server only through the public API (../shared/API.md) and socket.io.
import { CHANNEL_KINDS, type ChannelKind } from '../../../../server/contracts/channels.ts';
import type { AutomationSettings } from '../../../../server/contracts/api.ts';

// What the server answers: its own types, never copied here.
export type { AutomationSettings, Connector, Conversation, Message, Note, Page } from '../../../../server/contracts/api.ts';
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** The session's CSRF token (login, /auth/session and /auth/me answer it), sent as X-CSRF-Token on every write. */
let csrfToken: string | null = null;

export function useCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? null;
}

type ApiOptions = { method?: string; body?: unknown; raw?: { text: string; contentType: string }; query?: Record<string, string | undefined> };

/** `body` goes as JSON; `raw` goes as it is with its content type (a CSV file for an import). */
export async function api<T = unknown>(path: string, options: ApiOptions = {}): Promise<T> {
  const res = await send(path, options);
  // The token belongs to one session: after a login in another tab this tab's is stale. Fetch the current one and
  // try once more; a write the session really does not allow still fails below.
  if (res.status === 403 && (await errorCode(res.clone())) === 'csrf_token') {
    useCsrfToken((await (await send('/auth/session', {})).json().catch(() => ({})))?.csrfToken);
    return answer<T>(await send(path, options));
  }
  return answer<T>(res);
}

function send(path: string, options: ApiOptions): Promise<Response> {
  const url = new URL(`/api${path}`, location.origin);
  for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined && value !== '') url.searchParams.set(key, value);
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = options.raw ? { 'content-type': options.raw.contentType } : options.body !== undefined ? { 'content-type': 'application/json' } : {};
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;
  return fetch(url, { method, headers, body: options.raw ? options.raw.text : options.body !== undefined ? JSON.stringify(options.body) : undefined, credentials: 'same-origin' });
}

async function errorCode(res: Response): Promise<string | undefined> {
  return (await res.json().catch(() => ({})))?.error?.code;
}

async function answer<T>(res: Response): Promise<T> {
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, data?.error?.code ?? 'error', data?.error?.message ?? res.statusText, data?.error?.field);
  return data as T;
}

export type User = { id: string; email: string; name: string | null; role: 'admin' | 'agent'; clinicId: string };
export type ContentTemplate = { id: string; name: string; language: string; body: string; variables: Record<string, string>; approvalStatus: string; category: string | null };
export type QuickReply = { id: string; shortcut: string; title: string; body: string };
export type BusinessHoursState = {
  open: boolean | null;
  holiday: Holiday | null;
  closesAt: string | null;
  nextOpening: string | null;
  timezone: string;
  /** Where the hours that apply come from (GET /api/clinic/business-hours). */
  source?: 'location' | 'clinic' | 'legacy_opening_hours' | 'none';
  weekly?: WeeklyHours | null;
  holidays?: Holiday[];
};

/** Business hours as the clinic (settings.businessHours) and each location (openingHours) store them; days left out are closed. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export type OpeningInterval = { open: string; close: string };
export type WeeklyHours = Partial<Record<Weekday, OpeningInterval[]>>;
export type Holiday = { date: string; name: string | null };
export type BusinessHours = { weekly: WeeklyHours; holidays: Holiday[] };
/** A location's own hours: its week replaces the clinic's when set; its holidays add to the clinic's. */
export type LocationHours = { weekly?: WeeklyHours; holidays: Holiday[] };
export type Clinic = { id: string; name: string; timezone: string; locale: string; settings: Record<string, unknown> };
export type ClinicLocation = { id: string; name: string; address: string | null; openingHours: LocationHours | null };

/** GET|PUT /api/automations (server/modules/automations/automationSettings.ts): the clinic's automation rules. */
/** The kinds an automation rule lists: the server's own list. */
export const AUTOMATION_CHANNELS = CHANNEL_KINDS;
export type AutomationChannel = ChannelKind;
export type EventRule = AutomationSettings['events']['reminders'];
export type NoticeRule = AutomationSettings['events']['appointmentBooked'];

/** A practice-management-software connector as GET /api/connectors shows it (secrets never included: `secretsSet` names those stored). */
export type ConnectorType = 'fhir' | 'csv' | 'webhook' | 'cliniko' | 'opendental';
export type SyncResult = { created: number; updated: number; unchanged: number; errors: { resource: string; externalId: string | null; message: string }[]; error?: string };
