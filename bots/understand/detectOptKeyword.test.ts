import { describe, expect, it } from 'vitest';
import { detectOptKeyword, type OptKeyword } from './detectOptKeyword.ts';

const ROWS: Array<[string, OptKeyword | null]> = [
  ['STOP', 'opt_out'],
  ['stop.', 'opt_out'],
  ['Unsubscribe', 'opt_out'],
  ['BAJA', 'opt_out'],
  ['Darme de baja', 'opt_out'],
  ['ANNULLA', 'opt_out'],
  ['ARRÊT', 'opt_out'],
  ['arret', 'opt_out'],
  ['START', 'opt_in'],
  ['Alta', 'opt_in'],
  ['iscrivimi', 'opt_in'],
  ['Démarrer', 'opt_in'],
  ['stop sending me the wrong time', null],
  ['cancelar', null],
  ['cancel', null],
  ['Sí', null],
  ['', null],
];

describe('detectOptKeyword', () => {
  it.each(ROWS)('when the whole message is %j, then the keyword is %s', (text, expected) => {
    expect(detectOptKeyword(text)).toBe(expected);
  });
});
