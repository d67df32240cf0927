// Message templates: the effective set (clinic overrides over the default pack), saving with checks,
// previews with SMS measures, legacy import, the merge-field catalogue and test sends.
import { Router, type Request } from 'express';
import { z } from 'zod';
import {
  CHANNELS,
  DEFAULT_MAX_SMS_SEGMENTS,
  EVENTS,
  LOCALES,
  MERGE_FIELDS,
  buildMergeContext,
  getDefaultPack,
  packKey,
  previewTemplate,
  resolveTemplate,
  translateLegacy,
  validateTemplate,
  type Channel,
  type Locale,
} from '../../../templates/index.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { loadMergeInput } from '../../modules/templates/mergeInput.ts';
import { sendChannelTest } from '../../modules/channels/sendChannelTest.ts';
import { channelKinds } from '../../../integrations/channels/registry.ts';
import { createTemplateOverridesRepository } from '../../modules/templates/templateOverrides.repository.ts';
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

export function templatesRoutes(ctx: AppContext): Router {
  const router = Router();
  const overrides = createTemplateOverridesRepository(ctx.db);
  const pack = getDefaultPack();

  router.get('/templates/fields', (_req, res) => {
    res.json({ items: MERGE_FIELDS, nextCursor: null });
  });

  router.get('/templates', async (req, res) => {
    const { clinicId } = currentUser(req);
    const filters = parseInput(listSchema, req.query);
    const saved = await overrides.list(clinicId);
    const items = [];
    for (const event of filters.event ? [filters.event] : EVENTS)
      for (const channel of filters.channel ? [filters.channel] : CHANNELS)
        for (const locale of filters.locale ? [filters.locale] : LOCALES) {
          const override = saved.find((o) => o.event === event && o.channel === channel && o.locale === locale);
          const template = override ?? pack.get(packKey(event, channel, locale));
          if (!template) continue;
          items.push({ event, channel, locale, body: template.body, subject: template.subject ?? null, buttons: template.buttons ?? null, origin: override ? 'override' : 'pack' });
        }
    res.json({ items, nextCursor: null });
  });

  router.put('/templates/:event/:channel/:locale', requireAdmin, async (req, res) => {
    const { clinicId } = currentUser(req);
    const key = parseInput(keySchema, req.params);
    const template = parseInput(templateSchema, req.body ?? {});
    const validation = validateTemplate(template, { channel: key.channel, locale: key.locale, maxSmsSegments: await maxSegments(ctx, clinicId) });
    const issue = validation.issues[0];
    if (issue) {
      const details = issue.code === 'limit_exceeded' ? { limit: issue.limit, measured: issue.measured, limitName: issue.limitName } : issue.code === 'unknown_field' ? { suggestion: issue.suggestion } : {};
      res.status(400).json({ error: { code: issue.code === 'limit_exceeded' ? 'limit_exceeded' : 'validation_failed', message: issue.message, field: issue.field, ...details } });
      return;
    }
    await overrides.save(clinicId, key, template);
    res.json({ ...key, body: template.body, subject: template.subject ?? null, buttons: template.buttons ?? null, origin: 'override', sms: validation.sms ?? null });
  });

  router.delete('/templates/:event/:channel/:locale', requireAdmin, async (req, res) => {
    const key = parseInput(keySchema, req.params);
    if (!(await overrides.delete(currentUser(req).clinicId, key))) throw AppError.notFound('Template override');
    res.status(204).end();
  });

  router.post('/templates/preview', async (req, res) => {
    const { clinicId } = currentUser(req);
    const input = parseInput(previewSchema, req.body ?? {});
    const { template, locale, context } = await previewSource(ctx, clinicId, input, await overrides.list(clinicId));
    const preview = previewTemplate(template, { channel: input.channel, locale, ...(context ? { context } : {}) });
    res.json({ ...preview, locale });
  });

  /** A test of a template to one's own phone, through the clinic's channel for that kind (the simulator stands in). */
  router.post('/templates/test', requireAdmin, async (req, res) => {
    const { clinicId } = currentUser(req);
    const input = parseInput(testSchema, req.body ?? {});
    if (input.channel === 'email' || input.channel === 'voice') throw AppError.validation('channel', 'channel: test sends go to a phone (sms or whatsapp)');
    const { template, locale, context } = await previewSource(ctx, clinicId, { event: input.event, channel: input.channel, ...(input.locale ? { locale: input.locale } : {}) }, await overrides.list(clinicId));
    const rendered = previewTemplate(template, { channel: input.channel, locale, ...(context ? { context } : {}) });
    const channel = await channelFor(ctx, clinicId, input.channel);
    const message = await sendChannelTest(ctx.inbox, { clinicId, channel, to: input.to, text: rendered.text, kinds: [input.channel], buttons: rendered.buttons });
    res.status(202).json(message);
  });

  router.post('/templates/import', requireAdmin, (req: Request, res) => {
    const input = parseInput(importSchema, req.body ?? {});
    res.json(translateLegacy(input.syntax, input.text));
  });

  return router;
}

async function previewSource(ctx: AppContext, clinicId: string, input: z.infer<typeof previewSchema>, saved: Awaited<ReturnType<ReturnType<typeof createTemplateOverridesRepository>['list']>>) {
  const realData = input.appointmentId || input.recallId;
  const merge = realData ? await loadMergeInput(ctx.db, { clinicId, channel: input.channel, appointmentId: input.appointmentId ?? null, recallId: input.recallId ?? null }) : null;
  const clinic = await ctx.repos.clinics.get(clinicId);
  const resolved = resolveTemplate({ event: input.event, channel: input.channel, patientLocale: input.locale ?? merge?.patientLocale ?? null, clinicLocale: clinic?.locale ?? 'es', overrides: saved });
  const locale: Locale = input.locale ?? resolved?.locale ?? 'es';
  const template = input.body !== undefined ? { body: input.body, ...(input.subject ? { subject: input.subject } : {}), ...(input.buttons ? { buttons: input.buttons } : {}) } : resolved;
  if (!template) throw new AppError('template_missing', 422, `No template for ${input.event} on ${input.channel}`, 'event');
  const context = merge ? buildMergeContext({ ...merge.input, locale }) : undefined;
  return { template, locale, context };
}

async function maxSegments(ctx: AppContext, clinicId: string): Promise<number> {
  const settings = (await ctx.repos.clinics.get(clinicId))?.settings ?? {};
  const templates = settings.templates;
  const value = typeof templates === 'object' && templates !== null && 'maxSmsSegments' in templates ? templates.maxSmsSegments : undefined;
  return typeof value === 'number' && value >= 1 ? value : DEFAULT_MAX_SMS_SEGMENTS;
}

export type { Channel };

/** The clinic's real channel for that kind, or the simulator standing in for it. */
async function channelFor(ctx: AppContext, clinicId: string, kind: 'sms' | 'whatsapp') {
  const channels = await ctx.repos.channels.list(clinicId);
  return channels.find((row) => row.type !== 'simulator' && channelKinds(row.type).includes(kind)) ?? (await ctx.repos.channels.ensureSimulator(clinicId));
}
