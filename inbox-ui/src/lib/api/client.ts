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
export type BusinessHoursState = { open: boolean | null; holiday: { date: string; name: string | null } | null; closesAt: string | null; nextOpening: string | null; timezone: string };

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
