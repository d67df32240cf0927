// The merge-field catalogue: every Handlebars variable a template may use. Saving a template checks its
// variables against this list; GET /api/templates/fields serves it; README.md shows it as a table.
// How to add a field: add it here, fill it in context.ts (a test checks both agree), add a sample in sample.ts.

export type FieldGroup = 'patient' | 'appointment' | 'provider' | 'location' | 'clinic' | 'instructions' | 'links' | 'delay' | 'recall' | 'appointments';

export interface MergeField {
  /** The Handlebars path, e.g. "patient.firstName" ({{patient.firstName}}). */
  name: string;
  group: FieldGroup;
  description: { es: string; en: string };
  /** What the Spanish sample renders, for the catalogue table. */
  example: string;
}

const field = (name: string, es: string, en: string, example: string): MergeField => {
  const group = name.split('.')[0] ?? '';
  if (!isGroup(group)) throw new Error(`merge field ${name} has no known group`);
  return { name, group, description: { es, en }, example };
};

export const MERGE_FIELDS: readonly MergeField[] = [
  field('patient.firstName', 'Nombre del paciente', 'Patient first name', 'Bob'),
  field('patient.lastName', 'Apellidos del paciente', 'Patient last name', 'Martín'),
  field('patient.fullName', 'Nombre y apellidos del paciente', 'Patient full name', 'Bob Martín'),
  field('patient.phone', 'Teléfono (móvil) del paciente', 'Patient phone (first number)', '+34600111222'),
  field('patient.email', 'Correo del paciente', 'Patient email', 'bob@example.com'),
  field('appointment.date', 'Fecha (dd/mm/aaaa)', 'Date (dd/mm/yyyy; en: Jun 3, 2026)', '03/06/2026'),
  field('appointment.shortDate', 'Fecha corta (dd/mm)', 'Short date (dd/mm; en: Jun 3)', '03/06'),
  field('appointment.longDate', 'Fecha larga', 'Long date', 'miércoles 3 de junio'),
  field('appointment.weekday', 'Día de la semana', 'Weekday', 'miércoles'),
  field('appointment.month', 'Mes', 'Month', 'junio'),
  field('appointment.day', 'Día del mes (número)', 'Day of the month (number)', '3'),
  field('appointment.year', 'Año', 'Year', '2026'),
  field('appointment.startTime', 'Hora de inicio', 'Start time', '9:30'),
  field('appointment.endTime', 'Hora de fin', 'End time', '10:00'),
  field('appointment.endDate', 'Fecha de fin (dd/mm/aaaa)', 'End date', '03/06/2026'),
  field('appointment.dateTime', 'Fecha larga y hora', 'Long date and start time', 'miércoles 3 de junio a las 9:30'),
  field('appointment.duration', 'Duración', 'Duration', '30 min'),
  field('appointment.service', 'Tipo de cita / tratamiento', 'Appointment type / service', 'Limpieza dental'),
  field('appointment.price', 'Precio', 'Price', '45 €'),
  field('appointment.notes', 'Notas de la cita', 'Appointment notes', 'Traiga su última radiografía.'),
  field('appointment.preparation', 'Preparación (instrucciones previas)', 'Preparation instructions', 'No coma nada 2 horas antes.'),
  field('appointment.room', 'Sala / consulta', 'Room', 'Gabinete 2'),
  field('appointment.telehealthUrl', 'Enlace de videoconsulta', 'Telehealth link', 'https://video.example.com/s/abc123'),
  field('appointment.telehealthCode', 'Código de acceso de la videoconsulta', 'Telehealth access code', '482913'),
  field('provider.name', 'Nombre completo del profesional', 'Provider full name', 'Dra. Ana García'),
  field('provider.firstName', 'Nombre del profesional', 'Provider first name', 'Ana'),
  field('provider.lastName', 'Apellidos del profesional', 'Provider last name', 'García'),
  field('provider.phone', 'Teléfono del profesional', 'Provider phone', '+34911222333'),
  field('provider.email', 'Correo del profesional', 'Provider email', 'ana.garcia@example.com'),
  field('location.name', 'Nombre del centro / ubicación', 'Location name', 'Centro Chamberí'),
  field('location.address', 'Dirección', 'Address', 'Calle de Santa Engracia 14, Madrid'),
  field('location.city', 'Localidad', 'City', 'Madrid'),
  field('location.region', 'Provincia / región', 'Region', 'Madrid'),
  field('location.country', 'País', 'Country', 'España'),
  field('location.phone', 'Teléfono del centro', 'Location phone', '+34911222444'),
  field('location.notes', 'Notas del centro', 'Location notes', 'Pase por recepción al llegar.'),
  field('clinic.name', 'Nombre de la clínica', 'Clinic name', 'Clínica Sonrisa'),
  field('clinic.phone', 'Teléfono de la clínica', 'Clinic phone', '+34911222000'),
  field('clinic.website', 'Web de la clínica', 'Clinic website', 'https://clinicasonrisa.example'),
  field('clinic.email', 'Correo de la clínica', 'Clinic email', 'hola@clinicasonrisa.example'),
  field('clinic.address', 'Dirección de la clínica', 'Clinic address', 'Calle Mayor 12, Madrid'),
  field('clinic.timezone', 'Zona horaria de la clínica', 'Clinic time zone', 'Europe/Madrid'),
  field('instructions.confirm', 'Cómo confirmar (según el canal)', 'How to confirm (per channel)', 'Responda SÍ para confirmar'),
  field('instructions.cancel', 'Cómo cancelar (según el canal)', 'How to cancel (per channel)', 'NO para cancelar'),
  field('links.booking', 'Enlace para reservar cita', 'Booking link', 'https://clinicasonrisa.example/citas'),
  field('links.review', 'Enlace para dejar una reseña', 'Review link', 'https://g.page/r/clinicasonrisa/review'),
  field('delay.minutes', 'Minutos de retraso', 'Running-late minutes', '20'),
  field('delay.newTime', 'Nueva hora estimada', 'New estimated time', '9:50'),
  field('recall.reason', 'Motivo de la revisión', 'Recall reason', 'revisión anual'),
  field('recall.dueDate', 'Fecha prevista de la revisión', 'Recall due date', '15/06/2026'),
  field('appointments', 'Lista de citas del día (usar con {{#each appointments}})', 'The day\'s appointments (use with {{#each appointments}})', '2 citas'),
];

/** Fields of each item inside {{#each appointments}} … {{/each}} (reminder_multi). */
export const APPOINTMENT_ITEM_FIELDS: readonly MergeField[] = [
  field('appointments.startTime', 'Hora de inicio', 'Start time', '9:30'),
  field('appointments.endTime', 'Hora de fin', 'End time', '10:00'),
  field('appointments.service', 'Tipo de cita', 'Service', 'Limpieza dental'),
  field('appointments.provider', 'Profesional', 'Provider', 'Dra. Ana García'),
  field('appointments.location', 'Centro', 'Location', 'Centro Chamberí'),
  field('appointments.duration', 'Duración', 'Duration', '30 min'),
];

/** Names usable at the top of a template (everything but the list-item fields). */
export const ROOT_FIELD_NAMES: ReadonlySet<string> = new Set(MERGE_FIELDS.map((f) => f.name));
/** Names usable inside {{#each appointments}}, without the "appointments." prefix. */
export const ITEM_FIELD_NAMES: ReadonlySet<string> = new Set(APPOINTMENT_ITEM_FIELDS.map((f) => f.name.slice('appointments.'.length)));
/** Fields that hold a list and may be iterated with {{#each}}. */
export const LIST_FIELD_NAMES: ReadonlySet<string> = new Set(['appointments']);

function isGroup(value: string): value is FieldGroup {
  return ['patient', 'appointment', 'provider', 'location', 'clinic', 'instructions', 'links', 'delay', 'recall', 'appointments'].includes(value);
}
