// PMS connectors per clinic (admin only): configure (secrets write-only), test the connection, sync now.
import express, { Router } from 'express';
import { z } from 'zod';
import { CSV_RESOURCES } from '../../../integrations/pms/csv/csv-columns.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import type { Clock } from '../../modules/automations/clock.ts';
import { connectorCreateSchema, connectorPatchSchema, connectorSyncSchema, toConnector } from '../../modules/connectors/connector.dto.ts';
import { connectorDepsFor, type ConnectorDefinitions } from '../../modules/connectors/connectorDeps.ts';
import type { ConnectorRow } from '../../modules/connectors/connectors.repository.ts';
import { importCsv } from '../../modules/connectors/importCsv.ts';
import { createConnector, updateConnector } from '../../modules/connectors/saveConnector.ts';
import { syncConnector } from '../../modules/connectors/syncConnector.ts';
import { testConnection } from '../../modules/connectors/testConnection.ts';
import { currentUser, requireAdmin } from '../middleware/auth.ts';
import { parseInput, parsePatch } from '../validate.ts';
import { parseId } from './crud.ts';

const importQuerySchema = z.object({
  dryRun: z.enum(['true', 'false', '1', '0']).default('false').transform((value) => value === 'true' || value === '1'),
  resource: z.enum(CSV_RESOURCES).optional(),
});

export function connectorsRoutes(ctx: AppContext, definitions: ConnectorDefinitions, clock: Clock): Router {
  const router = Router();
  const deps = connectorDepsFor(ctx, definitions, () => clock.now());
  const { connectors } = deps;
  router.use('/connectors', requireAdmin);

  const present = (row: ConnectorRow) => toConnector(row, definitions(row.type), ctx.config.publicUrl);
  const idOf = (id: string | string[] | undefined) => parseId(id, 'Connector');

  router.get('/connectors', async (req, res) => {
    const rows = await connectors.list(currentUser(req).clinicId);
    res.json({ items: rows.map(present), nextCursor: null });
  });

  router.post('/connectors', async (req, res) => {
    const input = parseInput(connectorCreateSchema, req.body ?? {});
    res.status(201).json(present(await createConnector(deps, currentUser(req).clinicId, input)));
  });

  router.get('/connectors/:id', async (req, res) => {
    const row = await connectors.get(currentUser(req).clinicId, idOf(req.params.id));
    if (!row) throw AppError.notFound('Connector');
    res.json(present(row));
  });

  router.patch('/connectors/:id', async (req, res) => {
    const { clinicId } = currentUser(req);
    const id = idOf(req.params.id);
    if (!(await connectors.get(clinicId, id))) throw AppError.notFound('Connector');
    const patch = parsePatch(connectorPatchSchema, req.body ?? {});
    res.json(present(await updateConnector(deps, clinicId, id, patch)));
  });

  router.delete('/connectors/:id', async (req, res) => {
    if (!(await connectors.delete(currentUser(req).clinicId, idOf(req.params.id)))) throw AppError.notFound('Connector');
    res.status(204).end();
  });

  router.post('/connectors/:id/test', async (req, res) => {
    res.json(await testConnection(deps, currentUser(req).clinicId, idOf(req.params.id)));
  });

  router.post('/connectors/:id/sync', async (req, res) => {
    const options = parseInput(connectorSyncSchema, req.body ?? {});
    res.json(await syncConnector(deps, currentUser(req).clinicId, idOf(req.params.id), options));
  });

  router.post('/connectors/:id/import', express.text({ type: ['text/csv', 'text/plain', 'application/csv'], limit: '20mb' }), async (req, res) => {
    const query = parseInput(importQuerySchema, req.query);
    if (typeof req.body !== 'string' || req.body.length === 0) throw new AppError('unsupported_media_type', 415, 'Send the file as a text/csv body');
    res.json(await importCsv(deps, currentUser(req).clinicId, idOf(req.params.id), { text: req.body, dryRun: query.dryRun, resource: query.resource }));
  });

  return router;
}
