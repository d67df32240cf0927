// Whether a patient's message gets the clinic's automatic reply, and which one. Once per conversation per day
// (the clinic's day, in its time zone); never while a bot flow runs or a person is on it; the out-of-hours text
// outside the opening hours. Pure: the server passes in everything, including the clock.
import { DateTime } from 'luxon';
import type { FlowName } from '../../ports.ts';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Local times "HH:mm"; close is exclusive. "24:00" closes at midnight. */
export interface OpeningInterval {
  open: string;
  close: string;
}

/** A missing day is a closed day. */
export type OpeningHours = Partial<Record<Weekday, OpeningInterval[]>>;

export type AutoReplyEvent = 'auto_reply' | 'auto_reply_out_of_hours';

export interface AutoReplyInput {
  lastAutoReplyAt: Date | null;
  now: Date;
  /** IANA zone of the clinic, e.g. "Europe/Madrid". */
  timezone: string;
  /** null when the clinic set none: every reply is the regular one. */
  openingHours: OpeningHours | null;
  /** Open right now, decided by the server's business hours (holidays count as closed); wins over `openingHours`. */
  openNow?: boolean | null;
  conversationState: 'bot' | 'human' | 'closed';
  /** The bot flow running on the conversation, if any. */
  activeFlow: FlowName | null;
  /** A person took the conversation. */
  assigneeId?: string | null;
  /** The bot handed it over: the patient was just told a person will answer, so no auto-reply that day. */
  lastHandoverAt?: Date | null;
  /** The last message a person at the clinic wrote (inbox or their own phone): within a day, they are on it. */
  lastAgentMessageAt?: Date | null;
}

/** How long a person's message counts as "a person is handling this conversation". */
export const AGENT_ACTIVE_MS = 24 * 3_600_000;

export function shouldAutoReply(input: AutoReplyInput): AutoReplyEvent | null {
  if (input.activeFlow !== null || input.conversationState === 'bot') return null;
  if (input.assigneeId) return null;
  if (input.lastAgentMessageAt && input.now.getTime() - input.lastAgentMessageAt.getTime() < AGENT_ACTIVE_MS) return null;
  const now = DateTime.fromJSDate(input.now, { zone: input.timezone });
  if (sameLocalDay(input.lastAutoReplyAt, now) || sameLocalDay(input.lastHandoverAt ?? null, now)) return null;
  if (typeof input.openNow === 'boolean') return input.openNow ? 'auto_reply' : 'auto_reply_out_of_hours';
  if (input.openingHours === null) return 'auto_reply';
  return isOpen(input.openingHours, now) ? 'auto_reply' : 'auto_reply_out_of_hours';
}

function sameLocalDay(at: Date | null, now: DateTime): boolean {
  if (at === null) return false;
  return DateTime.fromJSDate(at, { zone: now.zone }).toISODate() === now.toISODate();
}

function isOpen(openingHours: OpeningHours, now: DateTime): boolean {
  const weekday = WEEKDAYS[now.weekday - 1];
  const intervals = weekday ? (openingHours[weekday] ?? []) : [];
  const minute = now.hour * 60 + now.minute;
  return intervals.some((interval) => minutesOf(interval.open) <= minute && minute < minutesOf(interval.close));
}

function minutesOf(time: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(time);
  if (!match) throw new Error(`Opening time must be HH:mm, got "${time}"`);
  return Number(match[1]) * 60 + Number(match[2]);
}
