import { describe, expect, it } from 'vitest';
import { findDiscardReason, recallSetOn, type DiscardCheck } from './findDiscardReason.ts';
import type { CompletedTreatment } from './recallHistory.ts';

const recall = { patientId: 'p1', reason: 'Limpieza', dueDate: '2026-11-01', createdOn: '2026-10-20' };
const base: DiscardCheck = { recall, intervalDays: 180, treatments: ['Limpieza'], history: [], upcoming: [], today: '2026-12-01' };
const done = (fields: Partial<CompletedTreatment>): CompletedTreatment => ({ patientId: 'p1', name: 'Limpieza', serviceId: null, serviceName: null, performedOn: '2026-09-01', manualIntervalDays: null, serviceIntervalDays: null, ...fields });

describe('findDiscardReason', () => {
  it('when the patient had a related treatment after the recall was set, then it is discarded as attended', () => {
    expect(findDiscardReason({ ...base, history: [done({ name: ' limpieza ' })] })).toBe('attended');
  });

  it('when the only treatment is the one that set the recall, then it is not discarded', () => {
    expect(findDiscardReason({ ...base, history: [done({ performedOn: '2026-05-05' })] })).toBeNull();
  });

  it('when the treatment was another one, then it is not discarded', () => {
    expect(findDiscardReason({ ...base, history: [done({ name: 'Empaste' })] })).toBeNull();
  });

  it('when an attended appointment of a related service is on record, then it counts as attended', () => {
    expect(findDiscardReason({ ...base, treatments: ['Higiene', 'Limpieza'], history: [done({ name: 'Higiene dental', serviceName: 'Higiene' })] })).toBe('attended');
  });

  it('when the patient has an appointment coming for a related service, then it is discarded as future appointment', () => {
    expect(findDiscardReason({ ...base, upcoming: [{ patientId: 'p1', serviceId: 's1', serviceName: 'Limpieza', startsAt: new Date() }] })).toBe('future_appointment');
  });

  it('when the coming appointment is for an unrelated service, then it is not discarded', () => {
    expect(findDiscardReason({ ...base, upcoming: [{ patientId: 'p1', serviceId: 's2', serviceName: 'Ortodoncia', startsAt: new Date() }] })).toBeNull();
  });

  it('when no treatment was chosen, then any coming appointment discards it', () => {
    expect(findDiscardReason({ ...base, treatments: [], upcoming: [{ patientId: 'p1', serviceId: null, serviceName: null, startsAt: new Date() }] })).toBe('future_appointment');
  });

  it("when another patient had the treatment, then this one's recall is not discarded", () => {
    expect(findDiscardReason({ ...base, history: [done({ patientId: 'p2' })] })).toBeNull();
  });
});

describe('recallSetOn', () => {
  it('when the interval is known, then the recall dates from its due date minus the interval', () => {
    expect(recallSetOn({ dueDate: '2026-11-01', createdOn: '2026-10-20' }, 180)).toBe('2026-05-05');
  });

  it('when no interval is known, then it dates from when we learnt of it', () => {
    expect(recallSetOn({ dueDate: '2026-11-01', createdOn: '2026-10-20' }, null)).toBe('2026-10-20');
  });
});
