// Message templates: the effective set (clinic overrides over the default pack), saving with checks,
// previews with SMS measures, legacy import, the merge-field catalogue and test sends. Routes parse the
// input, call the template use cases (built once in platform.ts) and shape the answer.
import { Router } from 'express';
import { z } from 'zod';
import { CHANNELS, EVENTS, LOCALES, type TemplateIssue } from '../../../templates/index.ts';
import type { TemplateUseCases } from '../../modules/templates/templateUseCases.ts';
import { currentUser, requireAdmin } from '../middleware/auth.ts';
import { parseInput } from '../validate.ts';

const keySchema = z.object({ event: z.enum(EVENTS), channel: z.enum(CHANNELS), locale: z.enum(LOCALES) });
const templateSchema = z.object({ body: z.string().max(70_000), subject: z.string().max(500).optional(), buttons: z.array(z.string()).optional() }).strict();
const previewSchema = z
  .object({
    event: z.enum(EVENTS),
    channel: z.enum(CHANNELS),
    locale: z.enum(LOCALES).optional(),
    body: z.string().max(70_000).optional(),
    subject: z.string().max(500).optional(),
    buttons: z.array(z.string()).optional(),
    appointmentId: z.uuid().optional(),
    recallId: z.uuid().optional(),
  })
  .strict();
const importSchema = z.object({ syntax: z.enum(['auto', 'kalix', 'tuotempo', 'owl']).default('auto'), text: z.string().min(1).max(70_000) }).strict();
const testSchema = z.object({ event: z.enum(EVENTS), channel: z.enum(CHANNELS), locale: z.enum(LOCALES).optional(), to: z.string().trim().min(3).max(40) }).strict();
const listSchema = z.object({ event: z.enum(EVENTS).optional(), channel: z.enum(CHANNELS).optional(), locale: z.enum(LOCALES).optional() });

export function templatesRoutes(templates: TemplateUseCases): Router {
  const router = Router();

  router.get('/templates/fields', (_req, res) => {
    res.json({ items: templates.fields(), nextCursor: null });
  });

  router.get('/templates', async (req, res) => {
    const filters = parseInput(listSchema, req.query);
    res.json({ items: await templates.list(currentUser(req).clinicId, filters), nextCursor: null });
  });

  router.put('/templates/:event/:channel/:locale', requireAdmin, async (req, res) => {
    const key = parseInput(keySchema, req.params);
    const template = parseInput(templateSchema, req.body ?? {});
    const result = await templates.save(currentUser(req).clinicId, key, template);
    if (!result.saved) {
      res.status(400).json(issueAnswer(result.issue));
      return;
    }
    res.json({ ...key, body: template.body, subject: template.subject ?? null, buttons: template.buttons ?? null, origin: 'override', sms: result.sms });
  });

  router.delete('/templates/:event/:channel/:locale', requireAdmin, async (req, res) => {
    const key = parseInput(keySchema, req.params);
    await templates.remove(currentUser(req).clinicId, key);
    res.status(204).end();
  });

  router.post('/templates/preview', async (req, res) => {
    const input = parseInput(previewSchema, req.body ?? {});
    res.json(await templates.preview(currentUser(req).clinicId, input));
  });

  /** A test of a template to one's own phone, through the clinic's channel for that kind (the simulator stands in). */
  router.post('/templates/test', requireAdmin, async (req, res) => {
    const input = parseInput(testSchema, req.body ?? {});
    res.status(202).json(await templates.sendTest(currentUser(req).clinicId, input));
  });

  router.post('/templates/import', requireAdmin, (req, res) => {
    const input = parseInput(importSchema, req.body ?? {});
    res.json(templates.importLegacy(input.syntax, input.text));
  });

  return router;
}

/** A template that failed its checks: the error names the field and, for a limit, by how much (the editor shows it). */
function issueAnswer(issue: TemplateIssue) {
  const details = issue.code === 'limit_exceeded' ? { limit: issue.limit, measured: issue.measured, limitName: issue.limitName } : issue.code === 'unknown_field' ? { suggestion: issue.suggestion } : {};
  return { error: { code: issue.code === 'limit_exceeded' ? 'limit_exceeded' : 'validation_failed', message: issue.message, field: issue.field, ...details } };
}
