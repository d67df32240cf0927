// Starts a reminder, recall or follow-up flow for an appointment or recall on the channel the one channel
// decision chose (or the caller already chose), refuses clearly when the patient cannot or may not be written
// to, and binds the flow to the conversation.
import { startFlow, type BotSession, type FlowName } from '../../../bots/index.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import type { AutomationEvent } from '../automations/automationSettings.ts';
import { purposeOfEvent } from '../consents/consentPurposes.ts';
import type { ChannelChoice, NoChannelReason, PassedOver } from '../outbound/chooseChannel.ts';
import { createDatabaseBotPorts, type BotRuntimeDeps } from './databaseBotPorts.ts';

export type StartBotFlowInput = {
  clinicId: string;
  flow: FlowName;
  appointmentId?: string | undefined;
  /** Reminder only: several appointments of the same patient answered together (`appointmentId` is the first). */
  appointmentIds?: readonly string[] | undefined;
  recallId?: string | undefined;
  followupKind?: 'thanks' | 'survey' | undefined;
  deadlineHours?: number | undefined;
  /** Staff chose the kind (the recall workflow's channel); the decision still checks consent and opt-outs. */
  channel?: 'whatsapp' | 'sms' | undefined;
  /** The decision an automation already made for this flow: it starts there without deciding again. */
  choice?: ChannelChoice | undefined;
  passedOver?: readonly PassedOver[] | undefined;
};

/** Bot flows talk in buttons and short replies: they run on phone channels. */
const FLOW_KINDS = ['whatsapp', 'sms'] as const;
const RULE_OF_FLOW: Record<FlowName, AutomationEvent> = { reminder: 'reminders', recall: 'recalls', followup: 'followUp' };

export async function startBotFlow(deps: BotRuntimeDeps, input: StartBotFlowInput): Promise<{ session: BotSession; conversationId: string }> {
  const { ctx } = deps;
  const { clinicId } = input;
  const appointment = input.appointmentId ? await ctx.repos.appointments.get(clinicId, input.appointmentId) : null;
  if (input.appointmentId && !appointment) throw new AppError('not_found', 404, 'appointmentId: Appointment not found', 'appointmentId');
  const recall = input.recallId ? await ctx.repos.recalls.get(clinicId, input.recallId) : null;
  if (input.recallId && !recall) throw new AppError('not_found', 404, 'recallId: Recall not found', 'recallId');
  if (input.flow === 'recall' && !recall) throw AppError.validation('recallId', 'recallId: the recall flow needs a recall');
  if (input.flow !== 'recall' && !appointment) throw AppError.validation('appointmentId', `appointmentId: the ${input.flow} flow needs an appointment`);
  const appointmentIds = await coveredAppointments(ctx, clinicId, input, appointment);

  const patientId = appointment?.patientId ?? recall!.patientId;
  const [patient, clinic] = await Promise.all([ctx.repos.patients.getRow(clinicId, patientId), ctx.repos.clinics.get(clinicId)]);
  if (!patient || !clinic) throw AppError.notFound('Patient');
  const { choice, passedOver } = input.choice ? { choice: input.choice, passedOver: input.passedOver } : await decideFlowChannel(deps, input, patientId);

  const { row: conversation } = await ctx.repos.conversations.findOrCreate(clinicId, patient.id, choice.channelId, { state: 'bot' });
  const locale = toBotLocale(patient.locale ?? clinic.locale);
  const session = await startFlow(createDatabaseBotPorts(deps, clinicId, { channelKind: choice.kind, passedOver }), {
    conversationId: conversation.id,
    flow: input.flow,
    locale,
    appointmentId: appointment?.id ?? null,
    ...(appointmentIds ? { appointmentIds } : {}),
    recallId: recall?.id ?? null,
    ...(input.followupKind ? { followupKind: input.followupKind } : {}),
    ...(input.deadlineHours !== undefined ? { deadlineHours: input.deadlineHours } : {}),
  });
  if (recall && recall.status === 'pending') {
    await ctx.repos.recalls.update(clinicId, recall.id, { status: 'sent', sentAt: new Date() });
    ctx.events.emit('recall:changed', { clinicId, recallId: recall.id });
  }
  return { session, conversationId: conversation.id };
}

/** A reminder for several appointments: all of them the patient's, the main one first; null for one appointment. */
async function coveredAppointments(ctx: AppContext, clinicId: string, input: StartBotFlowInput, appointment: { id: string; patientId: string } | null): Promise<string[] | null> {
  if (!appointment || !input.appointmentIds?.length) return null;
  if (input.flow !== 'reminder') throw AppError.validation('appointmentIds', 'appointmentIds: only a reminder covers several appointments');
  const ids = [appointment.id, ...input.appointmentIds.filter((id) => id !== appointment.id)];
  for (const id of ids.slice(1)) {
    const other = await ctx.repos.appointments.get(clinicId, id);
    if (!other || other.patientId !== appointment.patientId) throw new AppError('not_found', 404, 'appointmentIds: Appointment not found', 'appointmentIds');
  }
  return ids.length > 1 ? ids : null;
}

/** The one channel decision for a flow, with the clinic's rule for it; a refusal says why, in a code and words. */
async function decideFlowChannel(deps: BotRuntimeDeps, input: StartBotFlowInput, patientId: string): Promise<{ choice: ChannelChoice; passedOver: readonly PassedOver[] }> {
  const rule = RULE_OF_FLOW[input.flow];
  const event = firstEventOf(input);
  const decision = await deps.decideChannel({ clinicId: input.clinicId, patientId, purpose: purposeOfEvent(event), rule, event, forcedKind: input.channel, onlyKinds: FLOW_KINDS });
  // The recall rule's switch: recalls are the recall bot's messages, so "off" means none are sent.
  if (rule === 'recalls' && !(decision.settings.enabled && decision.settings.events.recalls.enabled)) {
    throw new AppError('recalls_off', 422, 'Recalls are switched off in the automation settings');
  }
  if (!decision.ok) throw refusal(decision.reason, input.channel, decision.passedOver);
  return { choice: decision.choice, passedOver: decision.passedOver };
}

function firstEventOf(input: StartBotFlowInput): string {
  if (input.flow === 'followup') return input.followupKind === 'survey' ? 'followup_survey' : 'followup_thanks';
  return input.flow;
}

function refusal(reason: NoChannelReason, kind: string | undefined, passedOver: readonly PassedOver[]): AppError {
  switch (reason) {
    case 'no_consent':
      // Passed-over kinds: the patient said no to this purpose there; none: the clinic's privacy-consent rule.
      if (passedOver.some((entry) => entry.reason === 'no_consent')) return new AppError('consent_required', 422, 'The patient has not consented to this kind of message on any channel it may use');
      return new AppError('consent_required', 422, 'The patient has not given privacy consent, which this clinic requires before automated messages');
    case 'patient_wants_none':
      return new AppError('no_reachable_channel', 422, 'The patient asked not to receive messages');
    case 'opted_out':
      return new AppError('opted_out', 422, kind ? `The patient opted out of ${kind} messages` : 'The patient opted out of every channel this message may use');
    case 'no_address':
      return new AppError('no_reachable_channel', 422, 'The patient has no phone number to write to');
    case 'window_closed':
      return new AppError('whatsapp_window_closed', 422, "Outside WhatsApp's 24-hour window, with no approved template for this message and no other channel allowed");
    case 'voice_unavailable':
      return new AppError('voice_unavailable', 422, 'The only channel allowed is voice, and the clinic has no voice channel yet');
    case 'no_channel':
      return new AppError('no_reachable_channel', 422, 'No channel the clinic allows for this message can reach the patient');
  }
}

function toBotLocale(locale: string): 'es' | 'en' | 'it' | 'fr' {
  return locale === 'en' || locale === 'it' || locale === 'fr' ? locale : 'es';
}

export type { AppContext };
