// Starts a reminder, recall or follow-up flow for an appointment or recall: picks the patient's channel,
// refuses clearly when the patient cannot or may not be written to, and binds the flow to the conversation.
import { startFlow, type BotSession, type FlowName } from '../../../bots/index.ts';
import { channelKinds } from '../../../integrations/channels/registry.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { createDatabaseBotPorts, type BotRuntimeDeps } from './databaseBotPorts.ts';

export type StartBotFlowInput = {
  clinicId: string;
  flow: FlowName;
  appointmentId?: string | undefined;
  recallId?: string | undefined;
  followupKind?: 'thanks' | 'survey' | undefined;
  deadlineHours?: number | undefined;
  /** Force a channel kind (e.g. the recall workflow's choice); default: the patient's preferred one. */
  channel?: 'whatsapp' | 'sms' | undefined;
};

export async function startBotFlow(deps: BotRuntimeDeps, input: StartBotFlowInput): Promise<{ session: BotSession; conversationId: string }> {
  const { ctx } = deps;
  const { clinicId } = input;
  const appointment = input.appointmentId ? await ctx.repos.appointments.get(clinicId, input.appointmentId) : null;
  if (input.appointmentId && !appointment) throw new AppError('not_found', 404, 'appointmentId: Appointment not found', 'appointmentId');
  const recall = input.recallId ? await ctx.repos.recalls.get(clinicId, input.recallId) : null;
  if (input.recallId && !recall) throw new AppError('not_found', 404, 'recallId: Recall not found', 'recallId');
  if (input.flow === 'recall' && !recall) throw AppError.validation('recallId', 'recallId: the recall flow needs a recall');
  if (input.flow !== 'recall' && !appointment) throw AppError.validation('appointmentId', `appointmentId: the ${input.flow} flow needs an appointment`);

  const patientId = appointment?.patientId ?? recall!.patientId;
  const [patient, clinic] = await Promise.all([ctx.repos.patients.getRow(clinicId, patientId), ctx.repos.clinics.get(clinicId)]);
  if (!patient || !clinic) throw AppError.notFound('Patient');
  if (clinic.settings.requireConsent === true && !patient.privacyConsent) {
    throw new AppError('consent_required', 422, 'The patient has not given privacy consent, which this clinic requires before automated messages');
  }
  if (patient.preferredChannel === 'none') throw new AppError('no_reachable_channel', 422, 'The patient asked not to receive messages');
  const kind = input.channel ?? (patient.preferredChannel === 'sms' ? 'sms' : 'whatsapp');
  if (!patient.phones[0]) throw new AppError('no_reachable_channel', 422, 'The patient has no phone number to write to');
  if (patient.optOuts.includes(kind)) throw new AppError('opted_out', 422, `The patient opted out of ${kind} messages`);

  const channels = await ctx.repos.channels.list(clinicId);
  const channel = channels.find((row) => row.type !== 'simulator' && row.status !== 'logged_out' && channelKinds(row.type).includes(kind)) ?? (await ctx.repos.channels.ensureSimulator(clinicId));
  const { row: conversation } = await ctx.repos.conversations.findOrCreate(clinicId, patient.id, channel.id, { state: 'bot' });
  const locale = toBotLocale(patient.locale ?? clinic.locale);
  const session = await startFlow(createDatabaseBotPorts(deps, clinicId), {
    conversationId: conversation.id,
    flow: input.flow,
    locale,
    appointmentId: appointment?.id ?? null,
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

function toBotLocale(locale: string): 'es' | 'en' | 'it' | 'fr' {
  return locale === 'en' || locale === 'it' || locale === 'fr' ? locale : 'es';
}

export type { AppContext };
