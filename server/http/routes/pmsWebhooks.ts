// Pushes from practice-management software: the raw body is kept for the signature check, the use case does the rest.
import express, { Router } from 'express';
import type { AppContext } from '../../context.ts';
import type { Clock } from '../../modules/automations/clock.ts';
import { connectorDepsFor, type ConnectorDefinitions } from '../../modules/connectors/connectorDeps.ts';
import { receivePmsPush } from '../../modules/connectors/receivePmsPush.ts';
import { parseId } from './crud.ts';

export function pmsWebhookRoutes(ctx: AppContext, definitions: ConnectorDefinitions, clock: Clock): Router {
  const router = Router();
  const deps = connectorDepsFor(ctx, definitions, () => clock.now());
  router.post('/webhooks/pms/:connectorId', express.raw({ type: () => true, limit: '5mb' }), async (req, res) => {
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const result = await receivePmsPush(deps, { connectorId: parseId(req.params.connectorId, 'Connector'), rawBody, signature: req.get('x-signature') });
    res.json(result);
  });
  return router;
}
