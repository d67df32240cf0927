// REST for the clinic's data: patients, providers, locations, services, appointments, recalls.
import { Router } from 'express';
import type { AppContext } from '../../context.ts';
import { createAppointment, deleteAppointment, referenceNotFound, updateAppointment } from '../../modules/appointments/saveAppointment.ts';
import { appointmentCreateSchema, appointmentFiltersSchema, appointmentPatchSchema, toAppointment } from '../../modules/appointments/appointment.dto.ts';
import * as catalog from '../../modules/catalog/index.ts';
import { patientInputSchema, patientListQuerySchema, patientPatchSchema } from '../../modules/patients/patient.dto.ts';
import { createPatient, updatePatient } from '../../modules/patients/savePatient.ts';
import { recallCreateSchema, recallFiltersSchema, recallPatchSchema, toRecall } from '../../modules/recalls/recall.dto.ts';
import { presentRecalls } from '../../modules/recalls/presentRecalls.ts';
import { createRecallWorkflowRepository } from '../../modules/recalls/recallWorkflow.repository.ts';
import { crudRouter } from './crud.ts';

export function clinicDataRoutes(ctx: AppContext): Router {
  const router = Router();
  const { repos, events } = ctx;
  const mapPage = <Row, Item>(page: { items: Row[]; nextCursor: string | null }, map: (row: Row) => Item) => ({ items: page.items.map(map), nextCursor: page.nextCursor });
  const mapRow = <Row, Item>(row: Row | null, map: (row: Row) => Item) => (row ? map(row) : null);

  router.use(
    '/patients',
    crudRouter({
      name: 'Patient',
      createSchema: patientInputSchema,
      patchSchema: patientPatchSchema,
      filterSchema: patientListQuerySchema,
      list: (clinicId, query) => repos.patients.list(clinicId, { ...query, q: query.filters?.q }),
      get: (clinicId, id) => repos.patients.get(clinicId, id),
      create: (clinicId, input, actor) => createPatient(repos, clinicId, input, actor),
      update: (clinicId, id, patch, actor) => updatePatient(repos, clinicId, id, patch, actor),
      delete: (clinicId, id) => repos.patients.delete(clinicId, id),
      // Deleting a patient takes their conversations, appointments and recalls with them: an admin's decision.
      adminDeletes: true,
    }),
  );

  const catalogResources = [
    { path: '/providers', name: 'Provider', repo: repos.providers, create: catalog.providerCreateSchema, patch: catalog.providerPatchSchema, map: catalog.toProvider },
    { path: '/locations', name: 'Location', repo: repos.locations, create: catalog.locationCreateSchema, patch: catalog.locationPatchSchema, map: catalog.toLocation },
    { path: '/services', name: 'Service', repo: repos.services, create: catalog.serviceCreateSchema, patch: catalog.servicePatchSchema, map: catalog.toService },
  ] as const;
  router.use('/providers', catalogRouter(catalogResources[0]));
  router.use('/locations', catalogRouter(catalogResources[1]));
  router.use('/services', catalogRouter(catalogResources[2]));

  const appointmentDeps = { ...repos, events };
  const recallWorkflow = createRecallWorkflowRepository(ctx.db);
  router.use(
    '/appointments',
    crudRouter({
      name: 'Appointment',
      createSchema: appointmentCreateSchema,
      patchSchema: appointmentPatchSchema,
      filterSchema: appointmentFiltersSchema,
      list: async (clinicId, query) => mapPage(await repos.appointments.list(clinicId, query), toAppointment),
      get: async (clinicId, id) => mapRow(await repos.appointments.get(clinicId, id), toAppointment),
      create: (clinicId, input) => createAppointment(appointmentDeps, clinicId, input),
      update: (clinicId, id, patch) => updateAppointment(appointmentDeps, clinicId, id, patch),
      delete: (clinicId, id) => deleteAppointment(appointmentDeps, clinicId, id),
    }),
  );

  router.use(
    '/recalls',
    crudRouter({
      name: 'Recall',
      createSchema: recallCreateSchema,
      patchSchema: recallPatchSchema,
      filterSchema: recallFiltersSchema,
      // Listed with the conversation to open and the patient's name (the Recalls page links to it).
      list: async (clinicId, query) => {
        const page = await repos.recalls.list(clinicId, query);
        return { items: await presentRecalls(recallWorkflow, clinicId, page.items), nextCursor: page.nextCursor };
      },
      get: async (clinicId, id) => {
        const row = await repos.recalls.get(clinicId, id);
        return row ? ((await presentRecalls(recallWorkflow, clinicId, [row]))[0] ?? null) : null;
      },
      create: async (clinicId, input) => {
        await requireRecallReferences(clinicId, input);
        const row = await repos.recalls.insert(clinicId, input);
        events.emit('recall:changed', { clinicId, recallId: row.id });
        return toRecall(row);
      },
      update: async (clinicId, id, patch) => {
        await requireRecallReferences(clinicId, patch);
        const row = await repos.recalls.update(clinicId, id, patch);
        if (row) events.emit('recall:changed', { clinicId, recallId: id });
        return mapRow(row, toRecall);
      },
      delete: (clinicId, id) => repos.recalls.delete(clinicId, id),
    }),
  );

  return router;

  /** A recall's patient and service are this clinic's (another clinic's id is as unknown as a made-up one). */
  async function requireRecallReferences(clinicId: string, input: { patientId?: string | undefined; serviceId?: string | null | undefined }) {
    if (input.patientId && !(await repos.patients.getRow(clinicId, input.patientId))) throw referenceNotFound('patientId', 'Patient');
    if (input.serviceId && !(await repos.services.get(clinicId, input.serviceId))) throw referenceNotFound('serviceId', 'Service');
  }

  function catalogRouter<Row, Item, Create extends object, Patch extends object>(resource: {
    name: string;
    repo: {
      list: (clinicId: string, q: { limit: number; cursor?: string | undefined }) => Promise<{ items: Row[]; nextCursor: string | null }>;
      get: (clinicId: string, id: string) => Promise<Row | null>;
      insert: (clinicId: string, values: Create) => Promise<Row>;
      update: (clinicId: string, id: string, values: Patch) => Promise<Row | null>;
      delete: (clinicId: string, id: string) => Promise<boolean>;
    };
    create: import('zod').ZodType<Create>;
    patch: import('zod').ZodType<Patch>;
    map: (row: Row) => Item;
  }) {
    return crudRouter({
      name: resource.name,
      createSchema: resource.create,
      patchSchema: resource.patch,
      adminWrites: true,
      list: async (clinicId, query) => mapPage(await resource.repo.list(clinicId, query), resource.map),
      get: async (clinicId, id) => mapRow(await resource.repo.get(clinicId, id), resource.map),
      create: async (clinicId, input) => resource.map(await resource.repo.insert(clinicId, input)),
      update: async (clinicId, id, patch) => mapRow(await resource.repo.update(clinicId, id, patch), resource.map),
      delete: (clinicId, id) => resource.repo.delete(clinicId, id),
    });
  }
}
