import { describe, expect, it } from 'vitest';
import { countryCode } from './countryCode.ts';

describe('country of an address', () => {
  it('when a PMS writes an ISO code (2 or 3 letters) or a name in a clinic language, then it is read as alpha-2', () => {
    expect(['ES', 'es', 'ESP', 'Spain', 'España', 'ESPAÑA', ' espana ', 'Espanya'].map(countryCode)).toEqual(Array(8).fill('ES'));
    expect(['PT', 'PRT', 'Portugal'].map(countryCode)).toEqual(['PT', 'PT', 'PT']);
    expect(['NLD', 'Netherlands', 'Países Bajos'].map(countryCode)).toEqual(['NL', 'NL', 'NL']);
    expect(['GB', 'GBR', 'United Kingdom', 'Reino Unido'].map(countryCode)).toEqual(['GB', 'GB', 'GB', 'GB']);
  });

  it('when the value is empty or no country, then there is none', () => {
    expect([null, undefined, '', '  ', 'Narnia', 'XX'].map(countryCode)).toEqual([null, null, null, null, null, null]);
  });
});
