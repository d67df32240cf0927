// PMS connectors per clinic: their config (secrets included, never returned by the API), where each resource's
// incremental sync stopped, the last result, and the lease that keeps one sync at a time per connector.
import { index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { PMS_CONNECTOR_TYPES } from '../../../integrations/pms/pms-connector.ts';
import { clinics } from './clinic.ts';
import { createdAt, id, tstz, updatedAt } from './columns.ts';

export { PMS_CONNECTOR_TYPES };

export type ConnectorSyncResult = {
  created: number;
  updated: number;
  unchanged: number;
  errors: Array<{ resource: string; externalId: string | null; message: string }>;
};

export const connectors = pgTable(
  'connectors',
  {
    id: id(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinics.id, { onDelete: 'cascade' }),
    type: text('type', { enum: PMS_CONNECTOR_TYPES }).notNull(),
    name: text('name').notNull(),
    /** 'paused': no scheduled syncs; 'error': the last sync could not reach the PMS. */
    status: text('status', { enum: ['active', 'paused', 'error'] }).notNull().default('active'),
    config: jsonb('config').$type<Record<string, unknown>>().notNull().default({}),
    /** Per resource, where the next incremental pull starts (the connector's own cursor format). */
    cursors: jsonb('cursors').$type<Record<string, string>>().notNull().default({}),
    /** Minutes between scheduled syncs; null = only on demand. */
    syncIntervalMinutes: integer('sync_interval_minutes').default(60),
    lastSyncAt: tstz('last_sync_at'),
    /** When a sync first completed: what a later sync creates was booked while we were connected. */
    firstSyncedAt: tstz('first_synced_at'),
    lastResult: jsonb('last_result').$type<ConnectorSyncResult & { error?: string }>(),
    /** Held while a sync runs (and renewed per page), so a second sync of the same connector is refused. */
    syncLockedUntil: tstz('sync_locked_until'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('connectors_clinic_idx').on(t.clinicId, t.createdAt)],
);
