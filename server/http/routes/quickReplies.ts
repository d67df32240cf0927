// Quick replies (canned responses): everyone in the clinic reads and renders them, admins write them. Bodies
// are checked against the merge-field catalogue exactly like templates.
import { Router, type Response } from 'express';
import { z } from 'zod';
import { validateTemplate } from '../../../templates/index.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { createQuickRepliesRepository, type QuickReplyRow } from '../../modules/quickReplies/quickReplies.repository.ts';
import { renderQuickReply } from '../../modules/quickReplies/renderQuickReply.ts';
import { currentUser, requireAdmin } from '../middleware/auth.ts';
import { parseInput, parsePatch } from '../validate.ts';
import { parseId } from './crud.ts';

const shortcut = z
  .string()
  .trim()
  .transform((value) => value.replace(/^\//, '').toLowerCase())
  .pipe(z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be 1–40 lowercase letters, digits or dashes (typed after "/")'));
const createSchema = z.object({ shortcut, title: z.string().trim().min(1).max(120), body: z.string().min(1).max(4096) }).strict();
const patchSchema = createSchema.partial().strict();

export function quickRepliesRoutes(ctx: AppContext): Router {
  const router = Router();
  const quickReplies = createQuickRepliesRepository(ctx.db);
  const requireQuickReply = async (clinicId: string, id: string | string[] | undefined) => {
    const row = await quickReplies.get(clinicId, parseId(id, 'Quick reply'));
    if (!row) throw AppError.notFound('Quick reply');
    return row;
  };
  const ensureFreeShortcut = async (clinicId: string, value: string, exceptId?: string) => {
    if (await quickReplies.shortcutTaken(clinicId, value, exceptId)) throw AppError.conflict(`shortcut: /${value} is already a quick reply`, 'shortcut');
  };

  router.get('/quick-replies', async (req, res) => {
    const rows = await quickReplies.list(currentUser(req).clinicId);
    res.json({ items: rows.map(toQuickReply), nextCursor: null });
  });

  router.post('/quick-replies', requireAdmin, async (req, res) => {
    const { clinicId } = currentUser(req);
    const input = parseInput(createSchema, req.body ?? {});
    if (!bodyIsValid(res, input.body)) return;
    await ensureFreeShortcut(clinicId, input.shortcut);
    res.status(201).json(toQuickReply(await quickReplies.insert(clinicId, input)));
  });

  router.get('/quick-replies/:id', async (req, res) => {
    res.json(toQuickReply(await requireQuickReply(currentUser(req).clinicId, req.params.id)));
  });

  router.patch('/quick-replies/:id', requireAdmin, async (req, res) => {
    const { clinicId } = currentUser(req);
    const current = await requireQuickReply(clinicId, req.params.id);
    const patch = parsePatch(patchSchema, req.body ?? {});
    if (patch.body !== undefined && !bodyIsValid(res, patch.body)) return;
    if (patch.shortcut !== undefined) await ensureFreeShortcut(clinicId, patch.shortcut, current.id);
    res.json(toQuickReply((await quickReplies.update(clinicId, current.id, patch))!));
  });

  router.delete('/quick-replies/:id', requireAdmin, async (req, res) => {
    if (!(await quickReplies.delete(currentUser(req).clinicId, parseId(req.params.id, 'Quick reply')))) throw AppError.notFound('Quick reply');
    res.status(204).end();
  });

  /** The quick reply with its merge fields filled for this conversation's patient; by id or by shortcut. */
  router.post('/conversations/:id/quick-replies/:quickReply/render', async (req, res) => {
    const { clinicId } = currentUser(req);
    const conversationId = parseId(req.params.id, 'Conversation');
    const key = String(req.params.quickReply ?? '');
    const byShortcut = shortcut.safeParse(key);
    // A key that is neither an id nor a possible shortcut names nothing that can exist.
    const quickReply = z.uuid().safeParse(key).success ? await quickReplies.get(clinicId, key) : byShortcut.success ? await quickReplies.getByShortcut(clinicId, byShortcut.data) : null;
    if (!quickReply) throw AppError.notFound('Quick reply');
    const rendered = await renderQuickReply(ctx, { clinicId, conversationId, quickReply });
    res.json({ ...toQuickReply(quickReply), text: rendered.text });
  });

  return router;
}

function toQuickReply(row: QuickReplyRow) {
  return { id: row.id, shortcut: row.shortcut, title: row.title, body: row.body, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

/** Same checks and error shape as PUT /api/templates: syntax, known merge fields (with a suggestion), WhatsApp's length. */
function bodyIsValid(res: Response, body: string): boolean {
  const issue = validateTemplate({ body }, { channel: 'whatsapp' }).issues[0];
  if (!issue) return true;
  const details = issue.code === 'limit_exceeded' ? { limit: issue.limit, measured: issue.measured, limitName: issue.limitName } : issue.code === 'unknown_field' ? { suggestion: issue.suggestion } : {};
  res.status(400).json({ error: { code: issue.code === 'limit_exceeded' ? 'limit_exceeded' : 'validation_failed', message: issue.message, field: issue.field, ...details } });
  return false;
}
