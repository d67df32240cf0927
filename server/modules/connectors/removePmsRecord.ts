// A record deleted in the PMS: an appointment is cancelled (so its pending reminders go, as with any
// cancellation), a recall is discarded. Other records stay: appointments and history still point at them.
import type { PmsResource } from '../../../integrations/pms/pms-connector.ts';
import { updateAppointment } from '../appointments/saveAppointment.ts';
import type { ConnectorDeps } from './connectorDeps.ts';
import { SyncRowError, type StoreResult, type SyncScope } from './storePmsRecord.ts';

export async function removePmsRecord(deps: Pick<ConnectorDeps, 'targets' | 'appointmentDeps'>, scope: SyncScope, resource: PmsResource, externalId: string): Promise<StoreResult> {
  const key = { clinicId: scope.clinicId, source: scope.source, externalId };
  if (resource === 'appointments') {
    const appointment = await deps.targets.findAppointment(key);
    if (!appointment || appointment.status === 'cancelled') return { outcome: 'unchanged', warnings: [] };
    if (!scope.dryRun) await updateAppointment(deps.appointmentDeps, scope.clinicId, appointment.id, { status: 'cancelled' });
    return { outcome: 'updated', warnings: [] };
  }
  if (resource === 'recalls') {
    if (scope.dryRun) return { outcome: 'unchanged', warnings: [] };
    return { outcome: (await deps.targets.closeRecall(key)) ? 'updated' : 'unchanged', warnings: [] };
  }
  throw new SyncRowError(`deleting ${resource} is not supported: they stay for the appointments and history that refer to them`);
}
