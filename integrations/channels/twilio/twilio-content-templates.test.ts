import { describe, expect, it } from 'vitest';
import { toProviderTemplate } from './twilio-content-templates.ts';

// Shapes as Twilio documents them for GET /v1/Content and GET /v1/Content/{Sid}/ApprovalRequests.
const content = {
  sid: 'HXb5b62575e6e4ff6129ad7c8efe1f983e',
  friendlyName: 'recordatorio_cita',
  language: 'es',
  variables: { '1': 'María', '2': 'lunes 10:00' },
  types: { 'twilio/quick-reply': { body: 'Hola {{1}}, le recordamos su cita del {{2}}.', actions: [{ title: 'Confirmar', id: 'confirm' }] } },
};

describe('toProviderTemplate', () => {
  it('when WhatsApp approved the template, then its body, sample variables, category and status come through', () => {
    const approval = { type: 'whatsapp', name: 'recordatorio_cita', category: 'UTILITY', content_type: 'twilio/quick-reply', status: 'approved', rejection_reason: '', allow_category_change: true };
    expect(toProviderTemplate(content, approval)).toEqual({
      id: 'HXb5b62575e6e4ff6129ad7c8efe1f983e',
      name: 'recordatorio_cita',
      language: 'es',
      body: 'Hola {{1}}, le recordamos su cita del {{2}}.',
      variables: { '1': 'María', '2': 'lunes 10:00' },
      approvalStatus: 'approved',
      category: 'UTILITY',
      rejectionReason: null,
    });
  });

  it('when WhatsApp is still reviewing it ("received") or rejected it, then it is pending or rejected with the reason', () => {
    expect(toProviderTemplate(content, { status: 'received', category: 'MARKETING' }).approvalStatus).toBe('pending');
    expect(toProviderTemplate(content, { status: 'rejected', category: 'MARKETING', rejection_reason: 'Promotional' })).toMatchObject({ approvalStatus: 'rejected', rejectionReason: 'Promotional' });
  });

  it('when it was never submitted, then it is unsubmitted and cannot open a closed window', () => {
    expect(toProviderTemplate(content, null)).toMatchObject({ approvalStatus: 'unsubmitted', category: null });
  });
});
