// A patient's data on request (GDPR): the consent ledger and its changes, export and erasure (those two an admin's action); all
// of them in the access audit.
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { changeConsent } from '../../modules/consents/changeConsent.ts';
import { consentChangeSchema, consentState } from '../../modules/consents/consent.dto.ts';
import { erasePatient } from '../../modules/patientData/erasePatient.ts';
import { exportPatient } from '../../modules/patientData/exportPatient.ts';
import { EXPORT_PAGE_CSP, exportPatientHtml } from '../../modules/patientData/exportPatientHtml.ts';
import { currentUser, requireAdmin } from '../middleware/auth.ts';
import { parseInput } from '../validate.ts';
import { parseId } from './crud.ts';

const exportQuerySchema = z.object({ format: z.enum(['json', 'html']).default('json') });

export function patientDataRoutes(ctx: AppContext): Router {
  const router = Router();

  /** The JSON document, or (`?format=html`) the same as a printable page in the clinic's language. */
  router.get('/patients/:id/export', requireAdmin, async (req, res) => {
    const id = parseId(req.params.id, 'Patient');
    const { format } = parseInput(exportQuerySchema, req.query);
    const { clinicId } = currentUser(req);
    const document = await exportPatient(ctx.db, clinicId, id);
    if (!document) throw AppError.notFound('Patient');
    if (format === 'json') return void res.attachment(`paciente-${id}.json`).json(document);
    const [clinic, staff] = await Promise.all([ctx.repos.clinics.get(clinicId), ctx.repos.users.list(clinicId)]);
    const names = new Map(staff.map((user) => [user.id, user.name || user.email]));
    const html = exportPatientHtml(document, { name: clinic?.name ?? '', locale: clinic?.locale ?? 'es', timezone: clinic?.timezone ?? 'Europe/Madrid' }, names);
    // This page's own policy: its one style block and nothing else, stricter than the inbox UI's.
    res.setHeader('Content-Security-Policy', EXPORT_PAGE_CSP);
    res.type('html').setHeader('Content-Disposition', `inline; filename="paciente-${id}.html"`);
    res.send(html);
  });

  /** The consent ledger: every change, oldest first, and what holds now per purpose and channel (the patient panel). */
  router.get('/patients/:id/consents', async (req, res) => {
    const id = parseId(req.params.id, 'Patient');
    const { clinicId } = currentUser(req);
    const patient = await ctx.repos.patients.getRow(clinicId, id);
    if (!patient) throw AppError.notFound('Patient');
    res.json({ items: await ctx.repos.consents.list(clinicId, id), state: consentState(patient) });
  });

  /** One consent stated by staff (reception's click, a web form, the PMS): 201 with its ledger entry. */
  router.post('/patients/:id/consents', async (req, res) => {
    const id = parseId(req.params.id, 'Patient');
    const change = parseInput(consentChangeSchema, req.body ?? {});
    const user = currentUser(req);
    res.status(201).json(await changeConsent(ctx.repos.consents, user.clinicId, id, change, user.id));
  });

  router.post('/patients/:id/erase', requireAdmin, async (req, res) => {
    const id = parseId(req.params.id, 'Patient');
    if (!(await erasePatient(ctx.db, currentUser(req).clinicId, id))) throw AppError.notFound('Patient');
    res.status(204).end();
  });

  return router;
}
