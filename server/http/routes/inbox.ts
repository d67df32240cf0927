// The shared inbox REST API: conversations, their messages and notes, and who handles them.
import { Router, type Request } from 'express';
import { z } from 'zod';
import { channelKinds } from '../../../integrations/channels/registry.ts';
import type { AppContext } from '../../context.ts';
import { pageQuerySchema } from '../../db/pagination.ts';
import { AppError } from '../../errors.ts';
import { conversationFiltersSchema, toMessage } from '../../modules/inbox/inbox.dto.ts';
import { mergePatients } from '../../modules/inbox/mergePatients.ts';
import { cancelScheduled } from '../../modules/inbox/cancelScheduled.ts';
import { createOutboxRepository } from '../../modules/outbox/outbox.repository.ts';
import { assignConversation, closeConversation, handBack, markRead, reopenConversation, requireConversation, setLabels, takeOver } from '../../modules/inbox/ownership.ts';
import { replyAsAgent } from '../../modules/inbox/replyAsAgent.ts';
import { resendAsTemplate } from '../../modules/inbox/resendAsTemplate.ts';
import { sendTemplateReply } from '../../modules/inbox/sendTemplateReply.ts';
import { currentUser } from '../middleware/auth.ts';
import { parseInput } from '../validate.ts';
import { parseId } from './crud.ts';

const replySchema = z.object({ text: z.string().trim().min(1).max(4096), idempotencyKey: z.string().min(8).max(200).optional(), sendAt: z.iso.datetime({ offset: true }).optional() }).strict();
/** An approved provider template (Twilio content SID) with its placeholder values: what WhatsApp takes outside its window. */
const templateChoiceSchema = z.object({ contentSid: z.string().regex(/^HX[0-9a-zA-Z]+$/).optional(), variables: z.record(z.string().regex(/^[\w.]+$/), z.string().max(1024)).optional() }).strict();
const templateReplySchema = z.object({ template: templateChoiceSchema, idempotencyKey: z.string().min(8).max(200).optional(), sendAt: z.iso.datetime({ offset: true }).optional() }).strict();
const noteSchema = z.object({ text: z.string().trim().min(1).max(4000), mentions: z.array(z.uuid()).max(20).default([]) }).strict();
const assignSchema = z.object({ userId: z.uuid().nullable() }).strict();
const labelsSchema = z.object({ labels: z.array(z.string().trim().min(1).max(60)).max(20) }).strict();
const closeSchema = z.object({ reason: z.string().trim().max(200).optional() }).strict();
const mergeSchema = z.object({ sourcePatientId: z.uuid() }).strict();

export function inboxRoutes(ctx: AppContext): Router {
  const router = Router();
  const deps = ctx.inbox;
  const conversationId = (req: Request) => parseId(req.params.id, 'Conversation');

  router.get('/conversations', async (req, res) => {
    const user = currentUser(req);
    const page = parseInput(pageQuerySchema, req.query);
    const filters = parseInput(conversationFiltersSchema, req.query);
    res.json(await ctx.repos.conversations.list(user.clinicId, user.id, { ...page, filters }));
  });

  router.get('/conversations/:id', async (req, res) => {
    const conversation = await ctx.repos.conversations.get(currentUser(req).clinicId, conversationId(req));
    if (!conversation) throw AppError.notFound('Conversation');
    res.json(conversation);
  });

  router.get('/conversations/:id/messages', async (req, res) => {
    const { clinicId } = currentUser(req);
    const id = conversationId(req);
    await requireConversation(deps, clinicId, id);
    const page = await ctx.repos.messages.listByConversation(clinicId, id, parseInput(pageQuerySchema, req.query));
    res.json({ items: page.items.map(toMessage), nextCursor: page.nextCursor });
  });

  router.post('/conversations/:id/messages', async (req, res) => {
    const user = currentUser(req);
    if (typeof req.body === 'object' && req.body !== null && 'template' in req.body) {
      const input = parseInput(templateReplySchema, req.body);
      const { message } = await sendTemplateReply(deps, {
        clinicId: user.clinicId,
        conversationId: conversationId(req),
        agentId: user.id,
        templateId: input.template.contentSid,
        variables: input.template.variables,
        idempotencyKey: input.idempotencyKey,
        sendAt: input.sendAt ? new Date(input.sendAt) : undefined,
      });
      res.status(201).json(message);
      return;
    }
    const input = parseInput(replySchema, req.body ?? {});
    const { message } = await replyAsAgent(deps, {
      clinicId: user.clinicId,
      conversationId: conversationId(req),
      agentId: user.id,
      text: input.text,
      idempotencyKey: input.idempotencyKey,
      sendAt: input.sendAt ? new Date(input.sendAt) : undefined,
    });
    const warning = await optOutWarning(ctx, user.clinicId, message.conversationId, message.channelKind);
    res.status(201).json(warning ? { ...message, warning } : message);
  });

  router.get('/conversations/:id/events', async (req, res) => {
    const { clinicId } = currentUser(req);
    const id = conversationId(req);
    await requireConversation(deps, clinicId, id);
    const events = await ctx.repos.conversations.events(clinicId, id);
    res.json({ items: events.map(({ clinicId: _c, ...event }) => ({ ...event, at: event.at.toISOString() })), nextCursor: null });
  });

  router.post('/conversations/:id/takeover', async (req, res) => {
    const user = currentUser(req);
    res.json(await takeOver(deps, user.clinicId, conversationId(req), user.id));
  });
  router.post('/conversations/:id/handback', async (req, res) => {
    const user = currentUser(req);
    res.json(await handBack(deps, user.clinicId, conversationId(req), user.id));
  });
  router.post('/conversations/:id/close', async (req, res) => {
    const user = currentUser(req);
    const { reason } = parseInput(closeSchema, req.body ?? {});
    res.json(await closeConversation(deps, user.clinicId, conversationId(req), { type: 'agent', id: user.id }, reason ?? null));
  });
  router.post('/conversations/:id/reopen', async (req, res) => {
    const user = currentUser(req);
    res.json(await reopenConversation(deps, user.clinicId, conversationId(req), { type: 'agent', id: user.id }));
  });
  router.post('/conversations/:id/read', async (req, res) => {
    res.json(await markRead(deps, currentUser(req).clinicId, conversationId(req)));
  });
  router.post('/conversations/:id/assign', async (req, res) => {
    const user = currentUser(req);
    const { userId } = parseInput(assignSchema, req.body ?? {});
    res.json(await assignConversation(deps, user.clinicId, conversationId(req), userId, { type: 'agent', id: user.id }));
  });
  router.post('/conversations/:id/labels', async (req, res) => {
    const { labels } = parseInput(labelsSchema, req.body ?? {});
    res.json(await setLabels(deps, currentUser(req).clinicId, conversationId(req), labels));
  });

  router.get('/conversations/:id/notes', async (req, res) => {
    const { clinicId } = currentUser(req);
    const id = conversationId(req);
    await requireConversation(deps, clinicId, id);
    const notes = await ctx.repos.conversations.notes(clinicId, id);
    res.json({ items: notes.map(toNote), nextCursor: null });
  });
  router.post('/conversations/:id/notes', async (req, res) => {
    const user = currentUser(req);
    const id = conversationId(req);
    const input = parseInput(noteSchema, req.body ?? {});
    await requireConversation(deps, user.clinicId, id);
    const mentions = await colleagues(ctx, user.clinicId, input.mentions);
    const note = toNote(await ctx.repos.conversations.addNote({ clinicId: user.clinicId, conversationId: id, authorId: user.id, text: input.text, mentions }));
    ctx.events.emit('note:new', { clinicId: user.clinicId, conversationId: id, note });
    for (const userId of mentions) ctx.events.emit('note:mention', { clinicId: user.clinicId, userId, conversationId: id, note });
    res.status(201).json(note);
  });

  router.post('/messages/:id/cancel', async (req, res) => {
    const user = currentUser(req);
    const messageId = parseId(req.params.id, 'Message');
    await cancelScheduled({ ...deps, outbox: createOutboxRepository(ctx.db) }, user.clinicId, messageId, user.id);
    res.json(toMessage((await ctx.repos.messages.get(user.clinicId, messageId))!));
  });

  /** "Send as template": a message refused for WhatsApp's 24-hour window goes again through an approved template. */
  router.post('/messages/:id/send-as-template', async (req, res) => {
    const user = currentUser(req);
    const choice = parseInput(templateChoiceSchema, req.body ?? {});
    const { message } = await resendAsTemplate(deps, { clinicId: user.clinicId, messageId: parseId(req.params.id, 'Message'), agentId: user.id, templateId: choice.contentSid, variables: choice.variables });
    res.status(201).json(message);
  });

  router.get('/patients/:id/messages', async (req, res) => {
    const { clinicId } = currentUser(req);
    const patientId = parseId(req.params.id, 'Patient');
    if (!(await ctx.repos.patients.getRow(clinicId, patientId))) throw AppError.notFound('Patient');
    const page = await ctx.repos.messages.listByPatient(clinicId, patientId, parseInput(pageQuerySchema, req.query));
    res.json({ items: page.items.map((row) => ({ ...toMessage(row), channelType: row.channelType })), nextCursor: page.nextCursor });
  });

  router.post('/patients/:id/merge', async (req, res) => {
    const { clinicId } = currentUser(req);
    const targetId = parseId(req.params.id, 'Patient');
    const { sourcePatientId } = parseInput(mergeSchema, req.body ?? {});
    await mergePatients(ctx.db, clinicId, sourcePatientId, targetId);
    const merged = await ctx.repos.conversations.list(clinicId, '', { limit: 200, filters: { patientId: targetId, order: 'recent' } });
    for (const conversation of merged.items) ctx.events.emit('conversation:updated', { clinicId, conversation });
    res.json(await ctx.repos.patients.get(clinicId, targetId));
  });

  return router;
}

function toNote(row: { id: string; conversationId: string; authorId: string | null; text: string; mentions: string[]; createdAt: Date }) {
  return { id: row.id, conversationId: row.conversationId, authorId: row.authorId, text: row.text, mentions: row.mentions, createdAt: row.createdAt.toISOString() };
}

/** Agents may still write to a patient who opted out of automated messages, but they are told. */
async function optOutWarning(ctx: AppContext, clinicId: string, conversationId: string, channelKind: string | null): Promise<'patient_opted_out' | null> {
  const conversation = await ctx.repos.conversations.get(clinicId, conversationId);
  if (!conversation) return null;
  const patient = await ctx.repos.patients.getRow(clinicId, conversation.patientId);
  const channel = await ctx.repos.channels.get(clinicId, conversation.channelId);
  const kind = channelKind ?? (channel ? channelKinds(channel.type)[0] : undefined);
  return kind && patient?.optOuts.includes(kind) ? 'patient_opted_out' : null;
}

/** Only active colleagues of the same clinic can be mentioned; anyone else is a 404 naming the field. */
async function colleagues(ctx: AppContext, clinicId: string, userIds: string[]): Promise<string[]> {
  const unique = [...new Set(userIds)];
  for (const [index, userId] of unique.entries()) {
    const user = await ctx.repos.users.get(clinicId, userId);
    if (!user?.active) throw new AppError('not_found', 404, `mentions[${index}]: User not found`, `mentions[${index}]`);
  }
  return unique;
}
