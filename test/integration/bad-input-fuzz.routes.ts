// A valid request for every route the platform serves: the bad-input fuzz breaks one part of each at a time.
// The fuzz fails when the app has a route this table does not know, so a new route gets its line here.

/** Ids of records the fuzz creates first, so a request reaches past "not found" to the parts it checks. */
export type FuzzFixture = {
  patientId: string;
  otherPatientId: string;
  providerId: string;
  locationId: string;
  serviceId: string;
  appointmentId: string;
  recallId: string;
  conversationId: string;
  messageId: string;
  agentId: string;
  channelId: string;
  connectorId: string;
  quickReplyId: string;
  botSessionId: string;
};

/** `webhook`: signed as the provider signs it (twilio: form fields; pms: the raw JSON). `pages`: a keyset list (`?cursor=`). */
export type RouteSample = { params?: Record<string, string>; query?: Record<string, string>; body?: Record<string, unknown>; raw?: { text: string; contentType: string }; webhook?: 'twilio' | 'pms'; pages?: true };

export const TWILIO_ACCOUNT = 'AC0000000000000000000000000000f022';

export function routeSamples(f: FuzzFixture): Record<string, RouteSample> {
  const id = (value: string) => ({ params: { id: value } });
  const future = new Date(Date.now() + 10 * 86_400_000);
  const day = future.toISOString().slice(0, 10);
  const page = { limit: '10' };
  return {
    'POST /webhooks/twilio/:channelId': {
      webhook: 'twilio',
      params: { channelId: f.channelId },
      body: { AccountSid: TWILIO_ACCOUNT, MessageSid: 'SM00000000000000000000000000000f01', From: '+34600999001', To: '+15550001111', Body: 'Hola, quiero cita', NumMedia: '0', ProfileName: 'Lucía' },
    },
    'POST /webhooks/twilio/:channelId/status': {
      webhook: 'twilio',
      params: { channelId: f.channelId },
      body: { AccountSid: TWILIO_ACCOUNT, MessageSid: 'SM00000000000000000000000000000f02', MessageStatus: 'undelivered', ErrorCode: '30003', ErrorMessage: 'Unreachable' },
    },
    'POST /webhooks/pms/:connectorId': {
      webhook: 'pms',
      params: { connectorId: f.connectorId },
      body: {
        changes: [
          { resource: 'patients', action: 'upsert', record: { externalId: 'FZ-P1', firstName: 'Lucía', lastName: 'García', phones: ['612 34 56 70'], email: 'lucia@correo.example' } },
          { resource: 'appointments', action: 'upsert', record: { externalId: 'FZ-A1', patientExternalId: 'FZ-P1', startsAt: future.toISOString(), notes: 'Traer radiografía' } },
          { resource: 'recalls', action: 'upsert', record: { externalId: 'FZ-R1', patientExternalId: 'FZ-P1', reason: 'Limpieza', dueDate: day } },
        ],
      },
    },
    'GET /healthz': {},
    'POST /api/auth/login': { body: { email: 'nobody@sonrisa.test', password: 'wrong-password' } },
    'POST /api/auth/logout': {},
    'POST /api/auth/logout-all': {},
    // A wrong current password: the fuzz must never really change the session's password.
    'POST /api/auth/password': { body: { currentPassword: 'not-the-password', newPassword: 'a-new-password-42' } },
    'GET /api/auth/session': {},
    'GET /api/auth/me': {},
    // Two-factor: enrolment starts (pending, so login asks no code); a made-up code is refused, nothing is turned on or off.
    'GET /api/auth/totp': {},
    'POST /api/auth/totp/setup': {},
    'POST /api/auth/totp/enable': { body: { code: '000000' } },
    'POST /api/auth/totp/disable': { body: { password: 'not-the-password', code: '000000' } },
    'GET /api/clinic': {},
    'PATCH /api/clinic': { body: { name: 'Clínica Sonrisa', phone: '+34910000000', website: 'https://sonrisa.example', address: 'Calle Mayor 1', settings: { fuzz: { note: 'x' } } } },
    'GET /api/users': {},
    'POST /api/users': { body: { email: 'nueva@sonrisa.test', name: 'Nueva', role: 'agent', password: 'long-enough-42' } },
    'PATCH /api/users/:id': { ...id(f.agentId), body: { name: 'Ana Recepción' } },
    'GET /api/patients': { pages: true, query: { ...page, q: 'García' } },
    'GET /api/patients/:id': id(f.patientId),
    'POST /api/patients': { body: { firstName: 'Marta', lastName: 'Ruiz', phones: ['600 123 456'], email: 'marta@correo.example', notes: 'Alergia', externalIds: { gesden: 'G-9' } } },
    'PATCH /api/patients/:id': { ...id(f.patientId), body: { firstName: 'Lucía', notes: 'Prefiere tardes', phones: ['600 999 001'] } },
    'DELETE /api/patients/:id': id(f.otherPatientId),
    'GET /api/providers': { pages: true, query: page },
    'GET /api/providers/:id': id(f.providerId),
    'POST /api/providers': { body: { firstName: 'Elena', lastName: 'Martín', phone: '600111000', email: 'elena@sonrisa.test' } },
    'PATCH /api/providers/:id': { ...id(f.providerId), body: { lastName: 'Martín Sanz' } },
    'DELETE /api/providers/:id': id(f.providerId),
    'GET /api/locations': { pages: true, query: page },
    'GET /api/locations/:id': id(f.locationId),
    'POST /api/locations': { body: { name: 'Sede Norte', address: 'Calle Norte 2', notes: 'Segunda planta' } },
    'PATCH /api/locations/:id': { ...id(f.locationId), body: { notes: 'Ascensor' } },
    'DELETE /api/locations/:id': id(f.locationId),
    'GET /api/services': { pages: true, query: page },
    'GET /api/services/:id': id(f.serviceId),
    'POST /api/services': { body: { name: 'Limpieza', durationMinutes: 30, preparation: 'Nada' } },
    'PATCH /api/services/:id': { ...id(f.serviceId), body: { preparation: 'Venir en ayunas' } },
    'DELETE /api/services/:id': id(f.serviceId),
    'GET /api/appointments': { pages: true, query: { ...page, from: new Date().toISOString(), to: future.toISOString(), patientId: f.patientId, providerId: f.providerId } },
    'GET /api/appointments/:id': id(f.appointmentId),
    'POST /api/appointments': { body: { patientId: f.patientId, providerId: f.providerId, locationId: f.locationId, serviceId: f.serviceId, startsAt: future.toISOString(), notes: 'Revisión' } },
    'PATCH /api/appointments/:id': { ...id(f.appointmentId), body: { startsAt: future.toISOString(), serviceId: f.serviceId, notes: 'Cambio' } },
    'DELETE /api/appointments/:id': id(f.appointmentId),
    'GET /api/recalls': { pages: true, query: { ...page, from: day, to: day, reason: 'Limpieza', patientId: f.patientId } },
    'GET /api/recalls/:id': id(f.recallId),
    'POST /api/recalls': { body: { patientId: f.patientId, serviceId: f.serviceId, reason: 'Revisión anual', dueDate: day } },
    'PATCH /api/recalls/:id': { ...id(f.recallId), body: { serviceId: f.serviceId, reason: 'Limpieza', dueDate: day } },
    'DELETE /api/recalls/:id': id(f.recallId),
    'GET /api/conversations': { pages: true, query: { ...page, q: 'Lucía', assignee: 'me' } },
    'GET /api/conversations/:id': id(f.conversationId),
    'GET /api/conversations/:id/messages': { pages: true, ...id(f.conversationId), query: page },
    'POST /api/conversations/:id/messages': { ...id(f.conversationId), body: { text: 'Le esperamos el lunes', idempotencyKey: 'fuzz-key-0001', sendAt: future.toISOString() } },
    'GET /api/conversations/:id/events': id(f.conversationId),
    'POST /api/conversations/:id/takeover': id(f.conversationId),
    'POST /api/conversations/:id/handback': id(f.conversationId),
    'POST /api/conversations/:id/close': { ...id(f.conversationId), body: { reason: 'resuelta' } },
    'POST /api/conversations/:id/reopen': id(f.conversationId),
    'POST /api/conversations/:id/read': id(f.conversationId),
    'POST /api/conversations/:id/assign': { ...id(f.conversationId), body: { userId: f.agentId } },
    'POST /api/conversations/:id/labels': { ...id(f.conversationId), body: { labels: ['urgente', 'ortodoncia'] } },
    'GET /api/conversations/:id/notes': id(f.conversationId),
    'POST /api/conversations/:id/notes': { ...id(f.conversationId), body: { text: 'Llamar mañana', mentions: [f.agentId] } },
    'POST /api/messages/:id/cancel': id(f.messageId),
    'POST /api/messages/:id/send-as-template': { ...id(f.messageId), body: { contentSid: 'HX0000000000000000000000000000f001', variables: { '1': 'Lucía' } } },
    'GET /api/patients/:id/messages': { pages: true, ...id(f.patientId), query: page },
    'GET /api/patients/:id/export': id(f.patientId),
    'POST /api/patients/:id/erase': id(f.patientId),
    'GET /api/patients/:id/consents': id(f.patientId),
    'POST /api/patients/:id/consents': { ...id(f.patientId), body: { purpose: 'marketing', channel: 'whatsapp', granted: true, textShown: 'Acepto recibir promociones', note: 'En mostrador' } },
    'GET /api/audit': { pages: true, query: { ...page, patientId: f.patientId } },
    'POST /api/patients/:id/merge': { ...id(f.patientId), body: { sourcePatientId: f.otherPatientId } },
    'POST /api/simulator/messages': { body: { from: '+34600999002', text: 'Hola' } },
    'GET /api/simulator/messages': { query: { phone: '+34600999002', include: 'all', limit: '10' } },
    'GET /api/channels/:id/content-templates': id(f.channelId),
    'GET /api/quick-replies': {},
    'POST /api/quick-replies': { body: { shortcut: 'horario-fuzz', title: 'Horario', body: 'Abrimos a las 9' } },
    'GET /api/quick-replies/:id': id(f.quickReplyId),
    'PATCH /api/quick-replies/:id': { ...id(f.quickReplyId), body: { title: 'Horario de verano' } },
    'DELETE /api/quick-replies/:id': id(f.quickReplyId),
    'POST /api/conversations/:id/quick-replies/:quickReply/render': { params: { id: f.conversationId, quickReply: 'saludo-fuzz' } },
    'GET /api/clinic/business-hours': { query: { locationId: f.locationId } },
    'GET /api/channels/types': {},
    'GET /api/channels': {},
    'GET /api/channels/:id': id(f.channelId),
    'POST /api/channels': { body: { type: 'twilio_sms', name: 'Otro SMS', config: { accountSid: TWILIO_ACCOUNT, authToken: 'token-0123456789', from: '+15550002222' } } },
    'PATCH /api/channels/:id': { ...id(f.channelId), body: { name: 'SMS clínica', config: { from: '+15550001111' } } },
    'DELETE /api/channels/:id': id(f.channelId),
    'GET /api/channels/:id/pairing': id(f.channelId),
    'POST /api/channels/:id/test': { ...id(f.channelId), body: { to: '+34600999003', text: 'Prueba' } },
    'GET /api/automations': {},
    'GET /api/automations/availability': {},
    'PUT /api/automations': { body: {} },
    'POST /api/alerts/running-late': { body: { providerId: f.providerId, minutes: 15 } },
    'POST /api/alerts/provider-unavailable': { body: { providerId: f.providerId, date: day } },
    'GET /api/reports/messages': { query: { from: '2026-01-01', to: new Date().toISOString() } },
    'GET /api/templates/fields': {},
    'GET /api/templates': { query: { event: 'reminder', channel: 'sms', locale: 'es' } },
    'PUT /api/templates/:event/:channel/:locale': { params: { event: 'reminder', channel: 'sms', locale: 'es' }, body: { body: 'Hola {{patient.firstName}}', buttons: ['Sí', 'No'] } },
    'DELETE /api/templates/:event/:channel/:locale': { params: { event: 'reminder', channel: 'whatsapp', locale: 'fr' } },
    'POST /api/templates/preview': { body: { event: 'reminder', channel: 'sms', locale: 'es', body: 'Hola {{patient.firstName}}', subject: 'Cita', buttons: ['Sí'], appointmentId: f.appointmentId } },
    'POST /api/templates/test': { body: { event: 'reminder', channel: 'sms', locale: 'es', to: '+34600999004' } },
    'POST /api/templates/import': { body: { syntax: 'auto', text: 'Hola [NOMBRE]' } },
    'POST /api/bots/start': { body: { flow: 'recall', recallId: f.recallId, channel: 'whatsapp' } },
    'GET /api/bots/sessions': { query: { status: 'active', flow: 'recall' } },
    'POST /api/bots/sessions/:id/stop': id(f.botSessionId),
    'POST /api/recalls/prepare': { body: { recallIds: [f.recallId], treatments: ['Limpieza'] } },
    'POST /api/recalls/send': { body: { recallIds: [f.recallId], templateKey: 'recall', channel: 'whatsapp' } },
    'POST /api/recalls/generate': { body: {} },
    'GET /api/connectors': {},
    'POST /api/connectors': { body: { type: 'webhook', name: 'Otro PMS', config: { secret: 'another-secret-0123456789' }, syncIntervalMinutes: null } },
    'GET /api/connectors/:id': id(f.connectorId),
    'PATCH /api/connectors/:id': { ...id(f.connectorId), body: { name: 'PMS de la clínica' } },
    'DELETE /api/connectors/:id': id(f.connectorId),
    'POST /api/connectors/:id/test': id(f.connectorId),
    'POST /api/connectors/:id/sync': { ...id(f.connectorId), body: { full: true } },
    'POST /api/connectors/:id/import': { ...id(f.connectorId), query: { dryRun: 'true', resource: 'patients' }, raw: { text: 'externalId,firstName,phone\nC-1,Ana,600111222\n', contentType: 'text/csv' } },
  };
}
