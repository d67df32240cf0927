// Push webhook: the PMS (or an integration platform) posts its changes to POST /webhooks/pms/:connectorId,
// signed with the connector's secret. Nothing to pull, nothing to write back.
import { definePmsConnector } from '../pms-connector.ts';
import { WEBHOOK_SECRET_KEYS, webhookConfigSchema, type WebhookConfig } from './webhook-config.ts';

export const webhookConnector = definePmsConnector<WebhookConfig>({
  type: 'webhook',
  configSchema: webhookConfigSchema,
  secretKeys: WEBHOOK_SECRET_KEYS,
  capabilities: { pull: [], writeBack: { appointmentStatus: false, recallOutcome: false } },
  create: () => ({
    async testConnection() {
      // The PMS calls us: there is nothing to connect to.
    },
    async *pull() {
      return;
    },
  }),
});
