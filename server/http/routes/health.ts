import { Router } from 'express';
import type { AppContext } from '../../context.ts';
import { APP_VERSION } from '../../version.ts';

export function healthRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    try {
      await ctx.database.pool.query('SELECT 1');
      res.json({ ok: true, db: ctx.database.kind, version: APP_VERSION });
    } catch {
      res.status(503).json({ ok: false, db: ctx.database.kind, version: APP_VERSION });
    }
  });
  return router;
}
