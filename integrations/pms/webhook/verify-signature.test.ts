import { describe, expect, it } from 'vitest';
import { signPmsBody, verifyPmsSignature } from './verify-signature.ts';
import { readChangesFor, unreadableChanges } from './webhook-payload.ts';

const SECRET = 'pms-webhook-secret-0123456789';
const body = Buffer.from('{"changes":[]}');

describe('PMS push signature', () => {
  it('when the body is signed with the secret, then it verifies (hex in any case)', () => {
    expect(verifyPmsSignature(body, signPmsBody(body, SECRET), SECRET)).toBe(true);
    expect(verifyPmsSignature(body, signPmsBody(body, SECRET).toUpperCase().replace('SHA256=', 'sha256='), SECRET)).toBe(true);
  });

  it.each([
    ['another secret', signPmsBody(body, 'x'.repeat(20))],
    ['another body', signPmsBody('{"changes":[1]}', SECRET)],
    ['a short digest', 'sha256=abcd'],
    ['no prefix', signPmsBody(body, SECRET).slice(7)],
    ['nothing', undefined],
  ])('when signed with %s, then it is refused', (_what, header) => {
    expect(verifyPmsSignature(body, header, SECRET)).toBe(false);
  });
});

describe('PMS push payload', () => {
  const changes = [
    { resource: 'patients', action: 'upsert', record: { externalId: 'P-1', phones: ['612345678'] } },
    { resource: 'patients', action: 'upsert', record: { externalId: 'P-2', phones: 'not a list' } },
    { resource: 'patients', action: 'delete', externalId: 'P-3' },
    { resource: 'invoices', action: 'upsert', record: {} },
  ];

  it('when a push mixes good and bad changes, then each is read on its own', () => {
    expect(readChangesFor('patients', changes)).toEqual({
      records: [{ externalId: 'P-1', firstName: '', lastName: '', phones: ['612345678'], email: null, country: null }],
      rejected: [{ externalId: 'P-2', message: expect.stringContaining('changes[1].record: phones') }],
      deleted: ['P-3'],
    });
    expect(unreadableChanges(changes)).toEqual([{ resource: 'invoices', externalId: null, message: expect.stringContaining('changes[3]: resource') }]);
  });
});
