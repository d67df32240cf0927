import { describe, expect, it } from 'vitest';
import { explainSendError } from './explainSendError.ts';

describe('explainSendError', () => {
  it('when Twilio refuses with 63016 or Meta with 131047, then the explanation speaks of the 24-hour window and offers a template', () => {
    for (const code of ['63016', '131047', 'whatsapp_window_closed']) {
      const explained = explainSendError(code);
      expect(explained?.sendAsTemplate).toBe(true);
      expect(explained?.text.es).toMatch(/24 horas/);
      expect(explained?.text.en).toMatch(/24 hours/);
      expect(explained?.text.it).toMatch(/24 ore/);
      expect(explained?.text.fr).toMatch(/24 heures/);
    }
  });

  it('when the patient opted out, then it is explained without offering a template', () => {
    expect(explainSendError('21610')).toMatchObject({ sendAsTemplate: false, text: { es: expect.stringMatching(/baja/) } });
  });

  it('when the code is unknown or missing, then there is no explanation', () => {
    expect(explainSendError('99999')).toBeNull();
    expect(explainSendError(null)).toBeNull();
  });
});
