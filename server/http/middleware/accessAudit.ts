// Writes the access audit for every successful request that reads or changes a patient's data (the table in
// modules/audit/auditedRoutes.ts). Recorded once the answer is sent, with the field names a change touched
// (never their values), so the audit holds who and what, not the health data itself.
import type { RequestHandler } from 'express';
import type { AppContext } from '../../context.ts';
import { auditedRoute } from '../../modules/audit/auditedRoutes.ts';
import { currentUser } from './auth.ts';

export function recordAccess(ctx: AppContext): RequestHandler {
  return (req, res, next) => {
    const audited = auditedRoute(req.method, req.path);
    if (!audited) return next();
    const user = currentUser(req);
    const fields = req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? Object.keys(req.body as object) : [];
    res.once('finish', () => {
      if (res.statusCode >= 300) return;
      void (async () => {
        const { route, subjectId } = audited;
        const patientId = route.subject === 'patient' ? subjectId : ((await ctx.repos.conversations.getRow(user.clinicId, subjectId))?.patientId ?? null);
        await ctx.repos.audit.record({
          clinicId: user.clinicId,
          actorUserId: user.id,
          action: route.action,
          subjectType: route.subject,
          subjectId,
          patientId,
          detail: { path: route.path.source.replace(/\([^)]*\)/, ':id'), ...(fields.length ? { fields } : {}) },
        });
      })().catch((error: unknown) => ctx.logger.error({ err: error, subjectType: audited.route.subject }, 'could not write the access audit'));
    });
    next();
  };
}
