import { describe, expect, it } from 'vitest';
import { planGeneratedRecalls, type HeldRecall } from './planGeneratedRecalls.ts';
import type { CompletedTreatment } from './recallHistory.ts';

const today = '2026-12-01';
const settings = { defaultIntervalDays: null, leadDays: 0 };
const done = (fields: Partial<CompletedTreatment>): CompletedTreatment => ({ patientId: 'p1', name: 'Limpieza', serviceId: 's1', serviceName: 'Limpieza', performedOn: '2026-05-01', manualIntervalDays: null, serviceIntervalDays: 180, ...fields });
const held = (fields: Partial<HeldRecall>): HeldRecall => ({ id: 'r1', patientId: 'p1', serviceId: null, reason: 'Limpieza', dueDate: '2026-10-28', status: 'pending', origin: 'pms', ...fields });

describe('planGeneratedRecalls', () => {
  it("when the service's interval has passed since the last treatment, then a recall is due then", () => {
    expect(planGeneratedRecalls({ history: [done({})], upcoming: [], held: [], settings, today }).create).toEqual([{ patientId: 'p1', serviceId: 's1', reason: 'Limpieza', dueDate: '2026-10-28' }]);
  });

  it('when a later treatment resets the clock, then nothing is due yet', () => {
    expect(planGeneratedRecalls({ history: [done({}), done({ performedOn: '2026-11-01' })], upcoming: [], held: [], settings, today }).create).toEqual([]);
  });

  it('when the appointment carries a manual interval, then it overrides the service', () => {
    const plan = planGeneratedRecalls({ history: [done({ manualIntervalDays: 400 })], upcoming: [], held: [], settings, today });
    expect(plan.create).toEqual([]);
  });

  it("when neither the service nor the appointment has one, then the clinic's default interval applies", () => {
    const plan = planGeneratedRecalls({ history: [done({ serviceIntervalDays: null })], upcoming: [], held: [], settings: { defaultIntervalDays: 30, leadDays: 0 }, today });
    expect(plan.create.map((recall) => recall.dueDate)).toEqual(['2026-05-31']);
  });

  it('when no interval applies at all, then no recall is generated', () => {
    expect(planGeneratedRecalls({ history: [done({ serviceIntervalDays: null })], upcoming: [], held: [], settings, today }).create).toEqual([]);
  });

  it('when the lead time reaches the due date, then the recall is generated ahead of it', () => {
    const plan = planGeneratedRecalls({ history: [done({ performedOn: '2026-06-10' })], upcoming: [], held: [], settings: { defaultIntervalDays: null, leadDays: 10 }, today });
    expect(plan.create.map((recall) => recall.dueDate)).toEqual(['2026-12-07']);
  });

  it('when the patient has an appointment coming for that service, then no recall is generated', () => {
    const upcoming = [{ patientId: 'p1', serviceId: 's1', serviceName: 'Limpieza', startsAt: new Date('2026-12-10T09:00:00Z') }];
    expect(planGeneratedRecalls({ history: [done({})], upcoming, held: [], settings, today }).create).toEqual([]);
  });

  it('when the PMS already marked a recall for that patient and reason, then none is generated', () => {
    expect(planGeneratedRecalls({ history: [done({})], upcoming: [], held: [held({ reason: 'limpieza' })], settings, today }).create).toEqual([]);
  });

  it('when this cycle was already handled and answered, then none is generated again', () => {
    expect(planGeneratedRecalls({ history: [done({})], upcoming: [], held: [held({ origin: 'generated', status: 'rejected' })], settings, today }).create).toEqual([]);
  });

  it('when only an old, answered recall exists for an earlier cycle, then a new one is generated', () => {
    const plan = planGeneratedRecalls({ history: [done({})], upcoming: [], held: [held({ status: 'accepted', dueDate: '2025-11-01' }), held({ id: 'r2', status: 'scheduled', dueDate: '2026-01-01' })], settings, today });
    expect(plan.create).toHaveLength(1);
  });

  it('when a PMS recall now duplicates a pending generated one, then ours is superseded', () => {
    const plan = planGeneratedRecalls({ history: [], upcoming: [], held: [held({ id: 'ours', origin: 'generated' }), held({ id: 'theirs', origin: 'pms' })], settings, today });
    expect(plan.supersede).toEqual(['ours']);
  });
});
