import { describe, expect, it } from 'vitest';
import { mergedContact } from './mergePatients.ts';

const real = { phones: ['+34911222333'], email: 'carmen@example.es', optOuts: [] };
const unknown = { phones: ['+34600111222'], email: null, optOuts: [] };

describe('mergedContact', () => {
  it("when a phone-only duplicate is merged, then the real patient's phone stays first and the new one is added", () => {
    expect(mergedContact(real, unknown).phones).toEqual(['+34911222333', '+34600111222']);
  });

  it('when both hold the same phone, then it is kept once', () => {
    expect(mergedContact({ ...real, phones: ['+34600111222', '+34911222333'] }, unknown).phones).toEqual(['+34600111222', '+34911222333']);
  });

  it("when the kept patient has an e-mail, then it stays; when it has none, then the duplicate's is used", () => {
    expect(mergedContact(real, { ...unknown, email: 'other@example.es' }).email).toBe('carmen@example.es');
    expect(mergedContact({ ...real, email: null }, { ...unknown, email: 'other@example.es' }).email).toBe('other@example.es');
    expect(mergedContact({ ...real, email: null }, unknown).email).toBeNull();
  });

  it('when the patient opted out from the unknown number, then the opt-out survives the merge, once', () => {
    expect(mergedContact({ ...real, optOuts: ['sms'] }, { ...unknown, optOuts: ['whatsapp', 'sms'] }).optOuts).toEqual(['sms', 'whatsapp']);
  });
});
