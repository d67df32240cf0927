import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_SMS_SEGMENTS } from '../../../templates/index.ts';
import { maxSmsSegments } from './saveTemplate.ts';

describe('maxSmsSegments', () => {
  it("when the clinic set a cap, then it is the clinic's", () => {
    expect(maxSmsSegments({ templates: { maxSmsSegments: 3 } })).toBe(3);
  });

  it('when the clinic set nothing, then the default applies', () => {
    expect(maxSmsSegments({})).toBe(DEFAULT_MAX_SMS_SEGMENTS);
    expect(maxSmsSegments({ templates: {} })).toBe(DEFAULT_MAX_SMS_SEGMENTS);
  });

  it('when the stored cap is not a number of at least one, then the default applies', () => {
    for (const value of [0, -2, '3', null]) expect(maxSmsSegments({ templates: { maxSmsSegments: value } })).toBe(DEFAULT_MAX_SMS_SEGMENTS);
    expect(maxSmsSegments({ templates: 'short' })).toBe(DEFAULT_MAX_SMS_SEGMENTS);
  });
});
