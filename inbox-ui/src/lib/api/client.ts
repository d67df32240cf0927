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

/** `body` goes as JSON; `raw` goes as it is with its content type (a CSV file for an import). */
export async function api<T = unknown>(path: string, options: { method?: string; body?: unknown; raw?: { text: string; contentType: string }; query?: Record<string, string | undefined> } = {}): Promise<T> {
  const url = new URL(`/api${path}`, location.origin);
  for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined && value !== '') url.searchParams.set(key, value);
  const res = await fetch(url, {
    method: options.method ?? 'GET',
    headers: options.raw ? { 'content-type': options.raw.contentType } : options.body !== undefined ? { 'content-type': 'application/json' } : {},
    body: options.raw ? options.raw.text : options.body !== undefined ? JSON.stringify(options.body) : undefined,
    credentials: 'same-origin',
  });
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
