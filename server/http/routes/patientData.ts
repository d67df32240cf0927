// A patient's data on request (GDPR): the consent ledger, export and erasure (those two an admin's action); all
// of them in the access audit.
import { Router } from 'express';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { erasePatient } from '../../modules/patientData/erasePatient.ts';
import { exportPatient } from '../../modules/patientData/exportPatient.ts';
import { currentUser, requireAdmin } from '../middleware/auth.ts';
import { parseId } from './crud.ts';

export function patientDataRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/patients/:id/export', requireAdmin, async (req, res) => {
    const id = parseId(req.params.id, 'Patient');
    const document = await exportPatient(ctx.db, currentUser(req).clinicId, id);
    if (!document) throw AppError.notFound('Patient');
    res.attachment(`paciente-${id}.json`).json(document);
  });

  /** The consent ledger: every change, oldest first (reception sees it on the patient). */
  router.get('/patients/:id/consents', async (req, res) => {
    const id = parseId(req.params.id, 'Patient');
    const { clinicId } = currentUser(req);
    if (!(await ctx.repos.patients.getRow(clinicId, id))) throw AppError.notFound('Patient');
    res.json({ items: await ctx.repos.consents.list(clinicId, id) });
  });

  router.post('/patients/:id/erase', requireAdmin, async (req, res) => {
    const id = parseId(req.params.id, 'Patient');
    if (!(await erasePatient(ctx.db, currentUser(req).clinicId, id))) throw AppError.notFound('Patient');
    res.status(204).end();
  });

  return router;
}
