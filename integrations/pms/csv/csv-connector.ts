// CSV import for PMSs that can only export files: nothing to pull (files arrive through
// POST /api/connectors/:id/import), nothing to write back; the config says how to read the columns.
import { definePmsConnector } from '../pms-connector.ts';
import { csvConfigSchema, type CsvConfig } from './csv-config.ts';

export const csvConnector = definePmsConnector<CsvConfig>({
  type: 'csv',
  configSchema: csvConfigSchema,
  secretKeys: [],
  capabilities: { pull: [], writeBack: { appointmentStatus: false, recallOutcome: false } },
  create: () => ({
    async testConnection() {
      // Files are uploaded, not fetched: there is nothing to connect to.
    },
    async *pull() {
      return;
    },
  }),
});
