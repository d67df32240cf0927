// The REST shape shared by simple clinic resources: list (paged), get, create (201), patch, delete (204).
import { Router, type Request } from 'express';
import type { z } from 'zod';
import { pageQuerySchema, type Page, type PageQuery } from '../../db/pagination.ts';
import { AppError } from '../../errors.ts';
import { currentUser, requireAdmin } from '../middleware/auth.ts';
import { parseInput, parsePatch } from '../validate.ts';

export type CrudResource<Item, Create, Patch, Filters> = {
  /** Singular name for messages ("Provider not found"). */
  name: string;
  createSchema: z.ZodType<Create>;
  patchSchema: z.ZodType<Patch>;
  filterSchema?: z.ZodType<Filters>;
  list: (clinicId: string, query: PageQuery & { filters: Filters | undefined }) => Promise<Page<Item>>;
  get: (clinicId: string, id: string) => Promise<Item | null>;
  /** `actor`: the staff member writing, for resources that record who changed what (the consent ledger). */
  create: (clinicId: string, input: Create, actor: { userId: string }) => Promise<Item>;
  update: (clinicId: string, id: string, patch: Patch, actor: { userId: string }) => Promise<Item | null>;
  delete: (clinicId: string, id: string) => Promise<boolean>;
  /** Writes only by admins (clinic set-up data) rather than every staff member. */
  adminWrites?: boolean;
  /** Deleting only by admins, though every staff member writes (a patient: their record goes with their history). */
  adminDeletes?: boolean;
};

export function crudRouter<Item, Create, Patch, Filters>(resource: CrudResource<Item, Create, Patch, Filters>): Router {
  const router = Router();
  const writeGuard = resource.adminWrites ? [requireAdmin] : [];
  const deleteGuard = resource.adminWrites || resource.adminDeletes ? [requireAdmin] : [];
  const idOf = (req: Request) => parseId(req.params.id);

  router.get('/', async (req, res) => {
    const { clinicId } = currentUser(req);
    const page = parseInput(pageQuerySchema, req.query);
    const filters = resource.filterSchema ? parseInput(resource.filterSchema, req.query) : undefined;
    res.json(await resource.list(clinicId, { ...page, filters }));
  });

  router.get('/:id', async (req, res) => {
    const item = await resource.get(currentUser(req).clinicId, idOf(req));
    if (!item) throw AppError.notFound(resource.name);
    res.json(item);
  });

  router.post('/', ...writeGuard, async (req, res) => {
    const input = parseInput(resource.createSchema, req.body ?? {});
    const user = currentUser(req);
    res.status(201).json(await resource.create(user.clinicId, input, { userId: user.id }));
  });

  router.patch('/:id', ...writeGuard, async (req, res) => {
    const id = idOf(req);
    // An unknown (or another clinic's) id is a 404 whatever the body says.
    if (!(await resource.get(currentUser(req).clinicId, id))) throw AppError.notFound(resource.name);
    const patch = parsePatch(resource.patchSchema, req.body ?? {});
    const item = await resource.update(currentUser(req).clinicId, id, patch, { userId: currentUser(req).id });
    if (!item) throw AppError.notFound(resource.name);
    res.json(item);
  });

  router.delete('/:id', ...deleteGuard, async (req, res) => {
    const deleted = await resource.delete(currentUser(req).clinicId, idOf(req));
    if (!deleted) throw AppError.notFound(resource.name);
    res.status(204).end();
  });

  return router;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A malformed id cannot exist, so it is answered like an unknown one: 404. */
export function parseId(value: string | string[] | undefined, what = 'Record'): string {
  if (typeof value !== 'string' || !UUID.test(value)) throw AppError.notFound(what);
  return value.toLowerCase();
}
