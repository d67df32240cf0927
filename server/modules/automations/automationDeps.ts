// What the automation use cases need, passed in: repositories, the inbox (sending goes through the outbox),
// the template renderer, the bots' flow starter and a clock every rule reads the time from.
import type { Repositories } from '../../context.ts';
import type { Logger } from '../../logger.ts';
import type { InboxDeps } from '../inbox/inboxDeps.ts';
import type { OutboxRepository } from '../outbox/outbox.repository.ts';
import type { AutomationsRepository } from './automations.repository.ts';
import type { PendingNoticesRepository } from './pendingNotices.repository.ts';
import type { AutomationChannel } from './automationSettings.ts';
import type { Clock } from './clock.ts';
import type { MergeValues } from '../../../templates/index.ts';
import type { ChannelChoice, PassedOver } from '../outbound/chooseChannel.ts';
import type { ChannelDecider } from '../outbound/decideChannel.ts';

export type RenderInput = {
  clinicId: string;
  event: string;
  channel: AutomationChannel;
  patientId?: string;
  appointmentId?: string;
  /** The appointments the message covers (one reminder for several the same day). */
  appointmentIds?: readonly string[];
  recallId?: string;
  locale?: 'es' | 'en' | 'it' | 'fr';
  extras?: MessageExtras;
};
/** Values a template may use beyond the clinic data (running-late delay, links). */
export type MessageExtras = { bookingUrl?: string; reviewUrl?: string; delayMinutes?: number; newStartsAt?: string };
export type RenderedMessage = { text: string; subject?: string | null; buttons?: string[] | null; html?: string | null; locale: string; merge?: MergeValues };

export type FlowStart = {
  clinicId: string;
  flow: 'reminder' | 'recall' | 'followup';
  appointmentId?: string;
  /** Reminder only: several appointments the same day, answered together (the first is `appointmentId`). */
  appointmentIds?: readonly string[];
  recallId?: string;
  followupKind?: 'thanks' | 'survey';
  /** The channel the automation chose (flows run on phone channels): the flow starts there, without deciding again. */
  choice: ChannelChoice;
  /** The kinds the decision passed over first, and why (recorded on the flow's first message). */
  passedOver?: readonly PassedOver[];
};

export type AutomationDeps = {
  clock: Clock;
  logger: Logger;
  /** This instance's stable name, on the rows it claims. */
  instance?: string;
  automations: AutomationsRepository;
  /** Booking notices waiting out their undo window, and the outbox to cancel them in. */
  pendingNotices: PendingNoticesRepository;
  outbox: OutboxRepository;
  repos: Pick<Repositories, 'appointments' | 'patients' | 'providers' | 'services' | 'locations' | 'clinics' | 'channels' | 'conversations' | 'messages'>;
  inbox: InboxDeps;
  render: (input: RenderInput) => Promise<RenderedMessage>;
  /** The one channel decision (server/modules/outbound). */
  decideChannel: ChannelDecider;
  /** Starts a bot flow (its first message goes out through the outbox); answers the conversation it runs on. */
  startFlow: (start: FlowStart) => Promise<{ conversationId: string }>;
  /** Has a flow of this kind started for the appointment since `since`? (a reclaimed row must not start it twice) */
  flowStartedSince: (clinicId: string, appointmentId: string, flow: FlowStart['flow'], since: Date) => Promise<boolean>;
  /** Share of a patient's past appointments that were no-shows (0 when none). */
  noShowRate: (clinicId: string, patientId: string, before: Date) => Promise<number>;
};
