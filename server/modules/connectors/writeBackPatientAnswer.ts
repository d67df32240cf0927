// The patient confirmed or cancelled through the bot: an appointment that came from a connector that can write
// back gets its new status in the PMS too. Best effort: a failure is logged (ids only) and never undoes the answer.
import { connectorIdOf, type ConnectorDeps } from './connectorDeps.ts';
import { openConnector } from './openConnector.ts';

export type PatientAnswer = { clinicId: string; appointmentId: string; status: 'confirmed' | 'cancelled' };

export async function writeBackPatientAnswer(deps: Pick<ConnectorDeps, 'connectors' | 'definitions' | 'fetch' | 'logger' | 'appointmentDeps'>, answer: PatientAnswer): Promise<boolean> {
  const appointment = await deps.appointmentDeps.appointments.get(answer.clinicId, answer.appointmentId);
  const connectorId = connectorIdOf(appointment?.source ?? null);
  if (!appointment?.externalId || !connectorId) return false;
  const row = await deps.connectors.get(answer.clinicId, connectorId);
  if (!row || !deps.definitions(row.type)?.capabilities.writeBack.appointmentStatus) return false;
  try {
    const connector = openConnector(deps, row);
    if (!connector.writeAppointmentStatus) return false;
    await connector.writeAppointmentStatus(appointment.externalId, answer.status);
    deps.logger.info({ clinicId: answer.clinicId, connectorId, appointmentId: answer.appointmentId, status: answer.status }, 'wrote the patient answer back to the PMS');
    return true;
  } catch (error) {
    deps.logger.warn({ clinicId: answer.clinicId, connectorId, appointmentId: answer.appointmentId, reason: error instanceof Error ? error.message : 'unknown' }, 'writing the patient answer back to the PMS failed');
    return false;
  }
}
