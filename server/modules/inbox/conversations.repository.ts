// Data access for conversations, their audit trail and notes; every query is scoped to one clinic.
import { and, arrayContains, asc, desc, eq, gt, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { ChannelType } from '../../../integrations/channels/channel.ts';
import { serviceWindowHours } from '../../../integrations/channels/registry.ts';
import type { Db } from '../../db/database.ts';
import { keyset, toPage, type Page, type PageQuery } from '../../db/pagination.ts';
import { channels, conversationEvents, conversationNotes, conversations, patients } from '../../db/schema/index.ts';
import { patientSearchCondition } from '../patients/patients.repository.ts';
import { toConversation, type Conversation, type ConversationFilters, type ConversationRow } from './inbox.dto.ts';

export type ConversationEventInput = Omit<typeof conversationEvents.$inferInsert, 'id' | 'at'>;

export function createConversationsRepository(db: Db) {
  const withExtras = db
    .select({ conversation: conversations, channelType: channels.type, channelName: channels.name, patient: { id: patients.id, firstName: patients.firstName, lastName: patients.lastName, phones: patients.phones } })
    .from(conversations)
    .innerJoin(channels, eq(channels.id, conversations.channelId))
    .innerJoin(patients, eq(patients.id, conversations.patientId))
    .$dynamic();
  type Joined = { conversation: ConversationRow; channelType: ChannelType; channelName: string; patient: { id: string; firstName: string; lastName: string; phones: string[] } };
  const present = (row: Joined) =>
    toConversation(row.conversation, { channelType: row.channelType, channelName: row.channelName, patient: row.patient, serviceWindowHours: serviceWindowHours(row.channelType) });

  return {
    async list(clinicId: string, userId: string, query: PageQuery & { filters: ConversationFilters }): Promise<Page<Conversation>> {
      const f = query.filters;
      const waiting = f.order === 'waiting';
      const sortColumn = waiting ? conversations.handoverAt : conversations.lastMessageAt;
      const { where, order } = keyset(sortColumn, conversations.id, waiting ? 'asc' : 'desc', query.cursor);
      const rows = await withExtras
        .where(and(eq(conversations.clinicId, clinicId), filterConditions(f, userId), waiting ? sql`${conversations.handoverAt} IS NOT NULL` : undefined, where))
        .orderBy(...order)
        .limit(query.limit + 1);
      return toPage(rows, query.limit, (row) => (waiting ? row.conversation.handoverAt! : row.conversation.lastMessageAt!), (row) => row.conversation.id, present);
    },

    async get(clinicId: string, id: string): Promise<Conversation | null> {
      const [row] = await withExtras.where(and(eq(conversations.clinicId, clinicId), eq(conversations.id, id))).limit(1);
      return row ? present(row) : null;
    },

    async getRow(clinicId: string, id: string): Promise<ConversationRow | null> {
      const [row] = await db.select().from(conversations).where(and(eq(conversations.clinicId, clinicId), eq(conversations.id, id))).limit(1);
      return row ?? null;
    },

    /** When the patient last wrote on each of their channels (official WhatsApp's window is per channel). */
    async lastInboundByChannel(clinicId: string, patientId: string): Promise<Map<string, Date | null>> {
      const rows = await db
        .select({ channelId: conversations.channelId, lastInboundAt: conversations.lastInboundAt })
        .from(conversations)
        .where(and(eq(conversations.clinicId, clinicId), eq(conversations.patientId, patientId)));
      return new Map(rows.map((row) => [row.channelId, row.lastInboundAt]));
    },

    /** The one conversation of a patient on a channel, created on first contact. */
    async findOrCreate(clinicId: string, patientId: string, channelId: string, initial: Partial<typeof conversations.$inferInsert>): Promise<{ row: ConversationRow; created: boolean }> {
      const existing = () =>
        db
          .select()
          .from(conversations)
          .where(and(eq(conversations.clinicId, clinicId), eq(conversations.patientId, patientId), eq(conversations.channelId, channelId)));
      // Most messages belong to a conversation that exists: one read, no failed insert.
      const [found] = await existing();
      if (found) return { row: found, created: false };
      const now = new Date();
      const [inserted] = await db
        .insert(conversations)
        .values({ clinicId, patientId, channelId, lastMessageAt: now, ...initial })
        .onConflictDoNothing()
        .returning();
      if (inserted) return { row: inserted, created: true };
      const [raced] = await existing();
      return { row: raced!, created: false };
    },

    async update(clinicId: string, id: string, values: Partial<typeof conversations.$inferInsert>): Promise<ConversationRow | null> {
      const [row] = await db.update(conversations).set(values).where(and(eq(conversations.clinicId, clinicId), eq(conversations.id, id))).returning();
      return row ?? null;
    },

    /** Atomic bookkeeping for a new message, so concurrent messages never lose an unread count. */
    async touch(clinicId: string, id: string, touch: ConversationTouch): Promise<void> {
      await db
        .update(conversations)
        .set(touchValues(touch))
        .where(and(eq(conversations.clinicId, clinicId), eq(conversations.id, id)));
    },

    /** Open (human) conversations per agent and when each was last given one, for fair assignment. */
    async openLoad(clinicId: string, userIds: string[]): Promise<Map<string, { open: number; lastAssignedAt: number }>> {
      const load = new Map<string, { open: number; lastAssignedAt: number }>();
      if (userIds.length === 0) return load;
      const open = await db
        .select({ userId: conversations.assigneeId, n: sql<number>`count(*)::int` })
        .from(conversations)
        .where(and(eq(conversations.clinicId, clinicId), eq(conversations.state, 'human'), inArray(conversations.assigneeId, userIds)))
        .groupBy(conversations.assigneeId);
      const assigned = await db
        .select({ userId: sql<string>`${conversationEvents.data}->>'to'`, at: sql<Date>`max(${conversationEvents.at})` })
        .from(conversationEvents)
        .where(and(eq(conversationEvents.clinicId, clinicId), eq(conversationEvents.kind, 'assign'), inArray(sql`${conversationEvents.data}->>'to'`, userIds)))
        .groupBy(sql`${conversationEvents.data}->>'to'`);
      for (const userId of userIds) load.set(userId, { open: 0, lastAssignedAt: 0 });
      for (const row of open) if (row.userId) load.get(row.userId)!.open = row.n;
      for (const row of assigned) load.get(row.userId)!.lastAssignedAt = new Date(row.at).getTime();
      return load;
    },

    async openAssignedTo(clinicId: string, userId: string): Promise<string[]> {
      const rows = await db
        .select({ id: conversations.id })
        .from(conversations)
        .where(and(eq(conversations.clinicId, clinicId), eq(conversations.assigneeId, userId), eq(conversations.state, 'human')));
      return rows.map((row) => row.id);
    },

    async addEvent(event: ConversationEventInput): Promise<void> {
      await db.insert(conversationEvents).values(event);
    },

    async events(clinicId: string, conversationId: string) {
      return db
        .select()
        .from(conversationEvents)
        .where(and(eq(conversationEvents.clinicId, clinicId), eq(conversationEvents.conversationId, conversationId)))
        .orderBy(asc(conversationEvents.at), asc(conversationEvents.id));
    },

    async addNote(values: typeof conversationNotes.$inferInsert) {
      const [row] = await db.insert(conversationNotes).values(values).returning();
      return row!;
    },

    async notes(clinicId: string, conversationId: string) {
      return db
        .select()
        .from(conversationNotes)
        .where(and(eq(conversationNotes.clinicId, clinicId), eq(conversationNotes.conversationId, conversationId)))
        .orderBy(desc(conversationNotes.createdAt), desc(conversationNotes.id));
    },
  };
}

export type ConversationsRepository = ReturnType<typeof createConversationsRepository>;

function filterConditions(f: ConversationFilters, userId: string): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  if (f.state) conditions.push(inArray(conversations.state, f.state));
  if (f.channel) conditions.push(f.channel.includes('-') ? eq(conversations.channelId, f.channel) : sql`${channels.type} = ${f.channel}`);
  if (f.assignee === 'me') conditions.push(eq(conversations.assigneeId, userId));
  else if (f.assignee === 'none') conditions.push(isNull(conversations.assigneeId));
  else if (f.assignee) conditions.push(eq(conversations.assigneeId, f.assignee));
  if (f.unread === 'true') conditions.push(gt(conversations.unreadCount, 0));
  if (f.unread === 'false') conditions.push(eq(conversations.unreadCount, 0));
  if (f.label) conditions.push(arrayContains(conversations.labels, [f.label]));
  if (f.patientId) conditions.push(eq(conversations.patientId, f.patientId));
  if (f.q) conditions.push(patientSearchCondition(f.q));
  return and(...conditions);
}

export type ConversationTouch = { at: Date; preview: string; inbound: boolean };

/** What a new message changes on its conversation (inbound batches do the same in SQL: ingest_inbound_batch). */
function touchValues(touch: ConversationTouch) {
  return {
    lastMessageAt: sql`GREATEST(${conversations.lastMessageAt}, ${touch.at.toISOString()}::timestamptz)`,
    lastMessagePreview: touch.preview,
    ...(touch.inbound ? { unreadCount: sql`${conversations.unreadCount} + 1`, lastInboundAt: touch.at } : {}),
  };
}
