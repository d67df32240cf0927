// A patient's data on request (GDPR): the export is an admin's action, like erasure.
import { Router } from 'express';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
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

  return router;
}
