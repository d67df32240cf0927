// The inbox UI talks to the server only through the public API (../shared/API.md) and socket.io.
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
export async function api<T = any>(path: string, options: { method?: string; body?: unknown; raw?: { text: string; contentType: string }; query?: Record<string, string | undefined> } = {}): Promise<T> {
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
export type Conversation = {
  id: string;
  patientId: string;
  channelId: string;
  channelType: string;
  channelName: string;
  state: 'bot' | 'human' | 'closed';
  handoverReason: string | null;
  handoverAt: string | null;
  assigneeId: string | null;
  unreadCount: number;
  lastMessageAt: string | null;
  lastMessagePreview: string | null;
  windowExpiresAt: string | null;
  labels: string[];
  patient: { id: string; firstName: string; lastName: string; phones: string[] } | null;
};
export type Message = {
  id: string;
  conversationId: string;
  direction: 'in' | 'out';
  author: 'patient' | 'bot' | 'agent' | 'system';
  text: string;
  buttons?: string[];
  buttonReply?: string;
  media?: { url: string; mimeType?: string; caption?: string }[];
  status: 'queued' | 'sent' | 'delivered' | 'read' | 'failed';
  error?: string;
  errorCode?: string;
  /** A provider refusal in plain words, per locale; `canSendAsTemplate` when a template would get it through. */
  errorExplanation?: Record<string, string>;
  canSendAsTemplate?: boolean;
  template?: { id: string; name: string };
  channelKind: string | null;
  scheduledFor?: string | null;
  createdAt: string;
};
export type Page<T> = { items: T[]; nextCursor: string | null };
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
export const AUTOMATION_CHANNELS = ['whatsapp', 'sms', 'email', 'voice'] as const;
export type AutomationChannel = (typeof AUTOMATION_CHANNELS)[number];
export type EventRule = { enabled: boolean; channels: AutomationChannel[] };
export type NoticeRule = EventRule & { onlyBookedOnline: boolean };
export type AutomationSettings = {
  enabled: boolean;
  events: { appointmentBooked: NoticeRule; appointmentChanged: NoticeRule; appointmentCancelled: NoticeRule; reminders: EventRule; followUp: EventRule; recalls: EventRule };
  reminders: { offsetsHours: number[]; secondTo: 'all' | 'unreliable'; unreliableThreshold: number; minLeadHours: number; onePerPatientPerDay: boolean };
  sendingWindow: { start: string; end: string; days: number[] };
  followUp: { mode: 'automatic' | 'manual' | 'none'; afterHours: number; kind: 'thanks' | 'survey' };
  notices: { undoMinutes: number };
  requirePrivacyConsent: boolean;
};

/** A practice-management-software connector as GET /api/connectors shows it (secrets never included: `secretsSet` names those stored). */
export type ConnectorType = 'fhir' | 'csv' | 'webhook' | 'cliniko' | 'opendental';
export type SyncResult = { created: number; updated: number; unchanged: number; errors: { resource: string; externalId: string | null; message: string }[]; error?: string };
export type Connector = {
  id: string;
  type: ConnectorType;
  name: string;
  status: 'active' | 'paused' | 'error';
  config: Record<string, unknown>;
  secretsSet: string[];
  capabilities: { pull: string[]; writeBack: { appointmentStatus: boolean; recallOutcome: boolean } } | null;
  webhookUrl: string | null;
  syncIntervalMinutes: number | null;
  lastSyncAt: string | null;
  lastResult: SyncResult | null;
  syncing: boolean;
};
