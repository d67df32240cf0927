// The form each connector type takes, and the config it sends. The API does not (yet) describe the registered
// types' config schemas, so their fields are listed here, mirroring integrations/pms/<type>/<type>-config.ts;
// the server validates every config anyway and answers 400 naming the field.
//
// How to add a connector type to the page: one entry in CONNECTOR_FORMS (its fields, in order) and its words in
// connectorsText.ts (type name, field labels, option labels).
import type { Connector, ConnectorType } from '../../../api/client.ts';

export type FieldKind = 'text' | 'url' | 'email' | 'number' | 'secret' | 'select';

export type FieldSpec = {
  /** The config key; `auth` is the UI's own choice between FHIR's credential kinds and is never sent. */
  key: string;
  /** Which label (connectorsText `fields`) names it. */
  label: FieldLabel;
  kind: FieldKind;
  options?: readonly string[];
  required?: boolean;
  /** Shown only when this returns true (FHIR: the token or the username and password). */
  when?: (values: Readonly<Record<string, string>>) => boolean;
};

export type FieldLabel =
  | 'fhirBaseUrl'
  | 'auth'
  | 'token'
  | 'username'
  | 'password'
  | 'pageSize'
  | 'resource'
  | 'preset'
  | 'delimiter'
  | 'dateOrder'
  | 'secret'
  | 'apiKey'
  | 'contactEmail'
  | 'appName'
  | 'clinikoBaseUrl';

export const CSV_RESOURCES = ['patients', 'appointments', 'treatments', 'recalls'] as const;
export type CsvResource = (typeof CSV_RESOURCES)[number];

/** The columns a CSV export of each resource carries (integrations/pms/csv/csv-columns.ts), for header overrides. */
export const CSV_COLUMNS: Record<CsvResource, readonly string[]> = {
  patients: ['externalId', 'firstName', 'lastName', 'phone', 'phone2', 'email'],
  appointments: ['externalId', 'patientExternalId', 'date', 'time', 'durationMinutes', 'status', 'providerExternalId', 'locationExternalId', 'serviceExternalId', 'notes'],
  treatments: ['externalId', 'patientExternalId', 'name', 'date'],
  recalls: ['externalId', 'patientExternalId', 'reason', 'date', 'status'],
};

const FHIR_AUTH = ['none', 'token', 'basic'] as const;

/** The types this page can configure, in the order offered (opendental is a known type but not in this build). */
export const CONNECTOR_FORMS: Partial<Record<ConnectorType, readonly FieldSpec[]>> = {
  fhir: [
    { key: 'baseUrl', label: 'fhirBaseUrl', kind: 'url', required: true },
    { key: 'auth', label: 'auth', kind: 'select', options: FHIR_AUTH },
    { key: 'token', label: 'token', kind: 'secret', required: true, when: (values) => values.auth === 'token' },
    { key: 'username', label: 'username', kind: 'text', required: true, when: (values) => values.auth === 'basic' },
    { key: 'password', label: 'password', kind: 'secret', required: true, when: (values) => values.auth === 'basic' },
    { key: 'pageSize', label: 'pageSize', kind: 'number' },
  ],
  csv: [
    { key: 'resource', label: 'resource', kind: 'select', options: CSV_RESOURCES },
    { key: 'preset', label: 'preset', kind: 'select', options: ['auto', 'es', 'en'] },
    { key: 'delimiter', label: 'delimiter', kind: 'select', options: ['', ',', ';', '\t', '|'] },
    { key: 'dateOrder', label: 'dateOrder', kind: 'select', options: ['dmy', 'mdy'] },
  ],
  webhook: [{ key: 'secret', label: 'secret', kind: 'secret', required: true }],
  cliniko: [
    { key: 'apiKey', label: 'apiKey', kind: 'secret', required: true },
    { key: 'contactEmail', label: 'contactEmail', kind: 'email', required: true },
    { key: 'appName', label: 'appName', kind: 'text' },
    { key: 'baseUrl', label: 'clinikoBaseUrl', kind: 'url' },
  ],
};

export const CONFIGURABLE_TYPES = Object.keys(CONNECTOR_FORMS).filter(isConnectorType);

/** Types that pull from the PMS, so "sync now" and a sync interval make sense (CSV is uploaded, webhooks push). */
export function pullsFromPms(connector: Pick<Connector, 'type' | 'capabilities'>): boolean {
  return connector.capabilities ? connector.capabilities.pull.length > 0 : connector.type === 'fhir' || connector.type === 'cliniko';
}

/** What the admin edits: every field as text (secrets always start empty), plus CSV header overrides. */
export type ConnectorDraft = { type: ConnectorType; name: string; syncIntervalMinutes: number | null; values: Record<string, string>; columns: Record<string, string> };

export function newDraft(type: ConnectorType): ConnectorDraft {
  const defaults: Record<string, string> = type === 'fhir' ? { auth: 'token' } : type === 'csv' ? { resource: 'patients', preset: 'auto', delimiter: '', dateOrder: 'dmy' } : {};
  return { type, name: '', syncIntervalMinutes: type === 'fhir' || type === 'cliniko' ? 60 : null, values: defaults, columns: {} };
}

export function draftOf(connector: Connector): ConnectorDraft {
  // The stored config may leave out what has a default (applied by the server when used): start from the defaults.
  const values: Record<string, string> = { ...newDraft(connector.type).values };
  for (const field of CONNECTOR_FORMS[connector.type] ?? []) {
    const stored = connector.config[field.key];
    if (field.kind !== 'secret' && (typeof stored === 'string' || typeof stored === 'number')) values[field.key] = String(stored);
  }
  if (connector.type === 'fhir') values.auth = connector.secretsSet.includes('token') ? 'token' : typeof connector.config.username === 'string' ? 'basic' : 'none';
  const columns: Record<string, string> = {};
  const storedColumns = connector.config.columns;
  if (typeof storedColumns === 'object' && storedColumns !== null) {
    for (const [field, header] of Object.entries(storedColumns)) if (typeof header === 'string') columns[field] = header;
  }
  return { type: connector.type, name: connector.name, syncIntervalMinutes: connector.syncIntervalMinutes, values, columns };
}

/**
 * The config to send. Creating: only what was filled in. Editing (`existing`): an emptied field is sent as null
 * (the server removes it), a secret left empty is left out (the server keeps the stored one), and FHIR
 * credentials of the kind no longer chosen are removed.
 */
export function configOf(draft: ConnectorDraft, existing?: Connector): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const field of CONNECTOR_FORMS[draft.type] ?? []) {
    if (field.key === 'auth') continue;
    const visible = !field.when || field.when(draft.values);
    // Number inputs bind numbers (or null when emptied), the rest strings.
    const raw: unknown = draft.values[field.key];
    const value = raw === undefined || raw === null ? '' : String(raw).trim();
    if (!visible) {
      if (existing) config[field.key] = null;
      continue;
    }
    if (field.kind === 'secret') {
      if (value) config[field.key] = value;
      continue;
    }
    if (!value) {
      if (existing && existing.config[field.key] !== undefined) config[field.key] = null;
      continue;
    }
    config[field.key] = field.kind === 'number' ? Number(value) : value;
  }
  // The delimiter's "detect" option is the empty string; a tab must survive the trim above.
  if (draft.type === 'csv' && draft.values.delimiter === '\t') config.delimiter = '\t';
  if (draft.type === 'csv') {
    const columns = Object.fromEntries(Object.entries(draft.columns).map(([field, header]) => [field, header.trim()]).filter(([, header]) => header));
    if (Object.keys(columns).length > 0 || existing) config.columns = columns;
  }
  return config;
}

/** A random signing secret for a webhook connector (hex, 48 characters: above the 16 the server asks). */
export function generateSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

function isConnectorType(value: string): value is ConnectorType {
  return value === 'fhir' || value === 'csv' || value === 'webhook' || value === 'cliniko' || value === 'opendental';
}
