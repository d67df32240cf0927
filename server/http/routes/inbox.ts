// The shared inbox REST API: conversations, their messages and notes, and who handles them. Routes parse
// the input, call the inbox's use cases (built once in platform.ts) and shape the answer.
import { Router, type Request } from 'express';
import { z } from 'zod';
import { pageQuerySchema } from '../../db/pagination.ts';
import { conversationFiltersSchema } from '../../modules/inbox/inbox.dto.ts';
import type { InboxUseCases } from '../../modules/inbox/inboxUseCases.ts';
import { currentUser } from '../middleware/auth.ts';
import { parseInput } from '../validate.ts';
import { parseId } from './crud.ts';
import { isoInstantSchema } from '../../modules/dates.ts';

const replySchema = z.object({ text: z.string().trim().min(1).max(4096), idempotencyKey: z.string().min(8).max(200).optional(), sendAt: isoInstantSchema.optional() }).strict();
/** An approved provider template (Twilio content SID) with its placeholder values: what WhatsApp takes outside its window. */
const templateChoiceSchema = z.object({ contentSid: z.string().regex(/^HX[0-9a-zA-Z]+$/).optional(), variables: z.record(z.string().regex(/^[\w.]+$/), z.string().max(1024)).optional() }).strict();
const templateReplySchema = z.object({ template: templateChoiceSchema, idempotencyKey: z.string().min(8).max(200).optional(), sendAt: isoInstantSchema.optional() }).strict();
const noteSchema = z.object({ text: z.string().trim().min(1).max(4000), mentions: z.array(z.uuid()).max(20).default([]) }).strict();
const assignSchema = z.object({ userId: z.uuid().nullable() }).strict();
const labelsSchema = z.object({ labels: z.array(z.string().trim().min(1).max(60)).max(20) }).strict();
const closeSchema = z.object({ reason: z.string().trim().max(200).optional() }).strict();
const mergeSchema = z.object({ sourcePatientId: z.uuid() }).strict();

export function inboxRoutes(inbox: InboxUseCases): Router {
  const router = Router();
  const conversationId = (req: Request) => parseId(req.params.id, 'Conversation');
  const agent = (req: Request) => ({ type: 'agent' as const, id: currentUser(req).id });

  router.get('/conversations', async (req, res) => {
    const user = currentUser(req);
    const page = parseInput(pageQuerySchema, req.query);
    const filters = parseInput(conversationFiltersSchema, req.query);
    res.json(await inbox.listConversations(user.clinicId, user.id, { ...page, filters }));
  });

  router.get('/conversations/:id', async (req, res) => {
    res.json(await inbox.getConversation(currentUser(req).clinicId, conversationId(req)));
  });

  router.get('/conversations/:id/messages', async (req, res) => {
    const { clinicId } = currentUser(req);
    const id = conversationId(req);
    res.json(await inbox.listMessages(clinicId, id, parseInput(pageQuerySchema, req.query)));
  });

  router.post('/conversations/:id/messages', async (req, res) => {
    const user = currentUser(req);
    if (typeof req.body === 'object' && req.body !== null && 'template' in req.body) {
      const input = parseInput(templateReplySchema, req.body);
      const message = await inbox.replyWithTemplate({
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
    const { message, warning } = await inbox.reply({
      clinicId: user.clinicId,
      conversationId: conversationId(req),
      agentId: user.id,
      text: input.text,
      idempotencyKey: input.idempotencyKey,
      sendAt: input.sendAt ? new Date(input.sendAt) : undefined,
    });
    res.status(201).json(warning ? { ...message, warning } : message);
  });

  router.get('/conversations/:id/events', async (req, res) => {
    const { clinicId } = currentUser(req);
    const id = conversationId(req);
    res.json({ items: await inbox.listEvents(clinicId, id), nextCursor: null });
  });

  router.post('/conversations/:id/takeover', async (req, res) => {
    const user = currentUser(req);
    res.json(await inbox.takeOver(user.clinicId, conversationId(req), user.id));
  });
  router.post('/conversations/:id/handback', async (req, res) => {
    const user = currentUser(req);
    res.json(await inbox.handBack(user.clinicId, conversationId(req), user.id));
  });
  router.post('/conversations/:id/close', async (req, res) => {
    const { reason } = parseInput(closeSchema, req.body ?? {});
    res.json(await inbox.close(currentUser(req).clinicId, conversationId(req), agent(req), reason ?? null));
  });
  router.post('/conversations/:id/reopen', async (req, res) => {
    res.json(await inbox.reopen(currentUser(req).clinicId, conversationId(req), agent(req)));
  });
  router.post('/conversations/:id/read', async (req, res) => {
    res.json(await inbox.markRead(currentUser(req).clinicId, conversationId(req)));
  });
  router.post('/conversations/:id/assign', async (req, res) => {
    const { userId } = parseInput(assignSchema, req.body ?? {});
    res.json(await inbox.assign(currentUser(req).clinicId, conversationId(req), userId, agent(req)));
  });
  router.post('/conversations/:id/labels', async (req, res) => {
    const { labels } = parseInput(labelsSchema, req.body ?? {});
    res.json(await inbox.setLabels(currentUser(req).clinicId, conversationId(req), labels));
  });

  router.get('/conversations/:id/notes', async (req, res) => {
    const { clinicId } = currentUser(req);
    const id = conversationId(req);
    res.json({ items: await inbox.listNotes(clinicId, id), nextCursor: null });
  });
  router.post('/conversations/:id/notes', async (req, res) => {
    const user = currentUser(req);
    const id = conversationId(req);
    const input = parseInput(noteSchema, req.body ?? {});
    res.status(201).json(await inbox.addNote({ clinicId: user.clinicId, conversationId: id, authorId: user.id, text: input.text, mentions: input.mentions }));
  });

  router.post('/messages/:id/cancel', async (req, res) => {
    const user = currentUser(req);
    res.json(await inbox.cancelScheduled(user.clinicId, parseId(req.params.id, 'Message'), user.id));
  });

  /** "Send as template": a message refused for WhatsApp's 24-hour window goes again through an approved template. */
  router.post('/messages/:id/send-as-template', async (req, res) => {
    const user = currentUser(req);
    const choice = parseInput(templateChoiceSchema, req.body ?? {});
    const message = await inbox.resendAsTemplate({ clinicId: user.clinicId, messageId: parseId(req.params.id, 'Message'), agentId: user.id, templateId: choice.contentSid, variables: choice.variables });
    res.status(201).json(message);
  });

  router.get('/patients/:id/messages', async (req, res) => {
    const { clinicId } = currentUser(req);
    const patientId = parseId(req.params.id, 'Patient');
    res.json(await inbox.listPatientMessages(clinicId, patientId, parseInput(pageQuerySchema, req.query)));
  });

  router.post('/patients/:id/merge', async (req, res) => {
    const { clinicId } = currentUser(req);
    const targetPatientId = parseId(req.params.id, 'Patient');
    const { sourcePatientId } = parseInput(mergeSchema, req.body ?? {});
    res.json(await inbox.mergePatients({ clinicId, sourcePatientId, targetPatientId }));
  });

  return router;
}
