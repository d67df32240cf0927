// buildApp(ctx): the HTTP application without listening, so tests can mount it on port 0.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { Router, type Express } from 'express';
import type { AppContext } from './context.ts';
import { errorHandler, notFoundHandler } from './http/middleware/errors.ts';
import { recordAccess } from './http/middleware/accessAudit.ts';
import { loadSession, requireUser } from './http/middleware/auth.ts';
import { requireCsrfToken } from './http/middleware/csrfToken.ts';
import { requireJsonBodies, type FileRoute } from './http/middleware/jsonBodies.ts';
import { refuseCrossOriginWrites } from './http/middleware/sameOrigin.ts';
import { securityHeaders } from './http/middleware/securityHeaders.ts';
import { authRoutes } from './http/routes/auth.ts';
import { clinicRoutes } from './http/routes/clinic.ts';
import { clinicDataRoutes } from './http/routes/clinicData.ts';
import { healthRoutes } from './http/routes/health.ts';
import { usersRoutes } from './http/routes/users.ts';

const UI_DIST = fileURLToPath(new URL('../inbox-ui/dist', import.meta.url));

/** Extra routers mounted by later features (inbox, channels, bots…): under /api (logged in) or at the root (webhooks). */
export type AppExtensions = { api?: Router[]; root?: Router[] };

export function buildApp(ctx: AppContext, extensions: AppExtensions = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  // Helmet's headers, with the inbox UI's Content-Security-Policy, on every response (securityHeaders.ts).
  app.use(securityHeaders(ctx.config.publicUrl));
  // Forwarding headers count only from the configured proxy hops (TRUST_PROXY; none by default).
  app.set('trust proxy', ctx.config.trustProxy);

  // Webhooks read their own (raw, form-encoded) bodies, so they mount before the JSON parser.
  for (const router of extensions.root ?? []) app.use(router);

  app.use(express.json({ limit: '1mb' }));
  app.use(healthRoutes(ctx));

  const api = Router();
  // Every API write, login included, is checked for a forged origin and a non-JSON body before anything else.
  // Webhooks are mounted above, outside /api: providers post forms, signed instead of cookie-authenticated.
  api.use(refuseCrossOriginWrites(ctx.config.publicUrl));
  api.use(requireJsonBodies(FILE_ROUTES));
  api.use(loadSession(ctx.repos.sessions));
  // A write the session cookie authenticates must carry that session's X-CSRF-Token too (csrfToken.ts).
  api.use(requireCsrfToken);
  api.use('/auth', authRoutes(ctx));
  api.use(requireUser);
  // Reads and changes of a patient's data go into the access audit (modules/audit/auditedRoutes.ts).
  api.use(recordAccess(ctx));
  api.use('/clinic', clinicRoutes(ctx));
  api.use('/users', usersRoutes(ctx));
  api.use(clinicDataRoutes(ctx));
  for (const router of extensions.api ?? []) api.use(router);
  app.use('/api', api, notFoundHandler);

  serveInboxUi(app);
  app.use(notFoundHandler);
  app.use(errorHandler(ctx.logger));
  return app;
}

/** The API routes that read a file instead of JSON (paths relative to /api), with the types they parse. */
const FILE_ROUTES: FileRoute[] = [{ method: 'POST', path: /^\/connectors\/[^/]+\/import$/, types: ['text/csv', 'text/plain', 'application/csv'] }];

function serveInboxUi(app: Express): void {
  if (!existsSync(UI_DIST)) return;
  app.use(express.static(UI_DIST, { index: 'index.html', maxAge: '1h' }));
  // Client-side routes fall back to the app shell.
  app.get(/^\/(?!api\/|webhooks\/|socket\.io\/|healthz).*/, (_req, res) => res.sendFile('index.html', { root: UI_DIST }));
}
