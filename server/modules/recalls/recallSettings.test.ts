import { describe, expect, it } from 'vitest';
import { recallSettings } from './recallSettings.ts';

describe('recallSettings', () => {
  it('when the clinic set nothing, then there is no default interval and no lead time', () => {
    expect(recallSettings({})).toEqual({ defaultIntervalDays: null, leadDays: 0 });
  });

  it('when the clinic set them, then they are read', () => {
    expect(recallSettings({ recalls: { defaultIntervalDays: 180, leadDays: 15 } })).toEqual({ defaultIntervalDays: 180, leadDays: 15 });
  });

  it('when a value is malformed, then it is ignored rather than failing the generation', () => {
    expect(recallSettings({ recalls: { defaultIntervalDays: 'six months', leadDays: -3 } })).toEqual({ defaultIntervalDays: null, leadDays: 0 });
  });
});
