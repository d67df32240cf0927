import { describe, expect, it } from 'vitest';
import { parseVCards } from './vcard.ts';

describe('vCard → shared contacts', () => {
  it('when WhatsApp shares a 3.0 card (grouped TEL with waid, CRLF), then its name and E.164 phone come through', () => {
    const card = ['BEGIN:VCARD', 'VERSION:3.0', 'N:García;Ana;;Dra.;', 'FN:Dra. Ana García', 'item1.TEL;waid=34911222333:+34 911 22 23 33', 'item1.X-ABLabel:Móvil', 'END:VCARD', ''].join('\r\n');
    expect(parseVCards(card)).toEqual([{ name: 'Dra. Ana García', phones: ['+34911222333'] }]);
  });

  it('when a 4.0 card writes tel: URIs with quoted parameters and several e-mails, then each value is read once', () => {
    const card = [
      'BEGIN:VCARD',
      'VERSION:4.0',
      'FN:Luis Pérez',
      'TEL;VALUE=uri;TYPE="voice,cell";PREF=1:tel:+34-600-111-222',
      'TEL;VALUE=uri;TYPE=work:tel:+34-910-000-001;ext=12',
      'TEL;TYPE=cell:+34 600 111 222',
      'EMAIL;TYPE=work:luis@example.com',
      'EMAIL:luis.perez@example.org',
      'END:VCARD',
    ].join('\n');
    expect(parseVCards(card)).toEqual([{ name: 'Luis Pérez', phones: ['+34600111222', '+34910000001'], emails: ['luis@example.com', 'luis.perez@example.org'] }]);
  });

  it('when lines are folded and values escape commas and semicolons, then they are joined and unescaped', () => {
    const card = ['BEGIN:VCARD', 'VERSION:3.0', 'FN:Clínica Dental Sonrisas\\, S.L.\\; sede', '  Centro', 'TEL:+34 91', '\t0 000 002', 'END:VCARD'].join('\r\n');
    expect(parseVCards(card)).toEqual([{ name: 'Clínica Dental Sonrisas, S.L.; sede Centro', phones: ['+34910000002'] }]);
  });

  it('when a card has no FN, then the name is built from N; with neither, from its first phone', () => {
    const cards = [
      'BEGIN:VCARD', 'VERSION:3.0', 'N:Ruiz Gómez;Eva,María;;Sra.;', 'TEL:600 111 333', 'END:VCARD',
      'BEGIN:VCARD', 'VERSION:3.0', 'TEL;TYPE=CELL:+34600111444', 'END:VCARD',
      'BEGIN:VCARD', 'VERSION:3.0', 'NOTE:nadie', 'END:VCARD',
    ].join('\n');
    // A national number stays as written: the card says nothing of its country.
    expect(parseVCards(cards)).toEqual([{ name: 'Sra. Eva María Ruiz Gómez', phones: ['600 111 333'] }, { name: '+34600111444', phones: ['+34600111444'] }]);
  });

  it('when the text is not a vCard, then there are no contacts', () => {
    expect(parseVCards('<html>Not Found</html>')).toEqual([]);
    expect(parseVCards('')).toEqual([]);
  });
});
