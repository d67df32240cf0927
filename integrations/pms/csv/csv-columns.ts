// Which of our fields each CSV export carries, and the header names the presets recognise for them
// (compared without case, accents or punctuation: "Nº Historia" = "n historia").
export const CSV_RESOURCES = ['patients', 'appointments', 'treatments', 'recalls'] as const;
export type CsvResource = (typeof CSV_RESOURCES)[number];
export type CsvPreset = 'auto' | 'es' | 'en';

export type CsvField = { name: string; required?: boolean; es: string[]; en: string[] };

const patientRef: CsvField = { name: 'patientExternalId', required: true, es: ['id paciente', 'n historia', 'historia', 'numero historia', 'codigo paciente', 'paciente id'], en: ['patient id', 'patient number', 'patient'] };

export const CSV_FIELDS: Record<CsvResource, CsvField[]> = {
  patients: [
    { name: 'externalId', required: true, es: ['id paciente', 'n historia', 'historia', 'numero historia', 'codigo', 'id'], en: ['patient id', 'patient number', 'id', 'external id'] },
    { name: 'firstName', es: ['nombre'], en: ['first name', 'given name', 'name'] },
    { name: 'lastName', es: ['apellidos', 'apellido', 'primer apellido'], en: ['last name', 'surname', 'family name'] },
    { name: 'phone', es: ['movil', 'telefono movil', 'telefono', 'tel', 'tlf'], en: ['mobile', 'mobile phone', 'cell', 'phone', 'telephone'] },
    { name: 'phone2', es: ['telefono 2', 'otro telefono', 'telefono fijo', 'fijo'], en: ['phone 2', 'other phone', 'home phone', 'landline'] },
    { name: 'email', es: ['email', 'correo', 'correo electronico', 'e mail'], en: ['email', 'e mail', 'email address'] },
    { name: 'country', es: ['pais', 'pais residencia'], en: ['country', 'country of residence'] },
  ],
  appointments: [
    { name: 'externalId', required: true, es: ['id cita', 'codigo cita', 'n cita', 'id'], en: ['appointment id', 'booking id', 'id'] },
    patientRef,
    { name: 'date', required: true, es: ['fecha', 'fecha cita', 'dia'], en: ['date', 'appointment date', 'start'] },
    { name: 'time', es: ['hora', 'hora inicio', 'hora cita'], en: ['time', 'start time'] },
    { name: 'durationMinutes', es: ['duracion', 'minutos'], en: ['duration', 'minutes', 'length'] },
    { name: 'status', es: ['estado', 'situacion'], en: ['status', 'state'] },
    { name: 'providerExternalId', es: ['id profesional', 'profesional', 'doctor', 'id doctor'], en: ['provider id', 'provider', 'practitioner', 'doctor'] },
    { name: 'locationExternalId', es: ['id centro', 'centro', 'sede', 'gabinete'], en: ['location id', 'location', 'site'] },
    { name: 'serviceExternalId', es: ['id tratamiento', 'id servicio', 'servicio', 'tratamiento'], en: ['service id', 'service', 'treatment', 'appointment type'] },
    { name: 'notes', es: ['notas', 'observaciones', 'comentario'], en: ['notes', 'comment', 'comments'] },
  ],
  treatments: [
    { name: 'externalId', required: true, es: ['id tratamiento', 'id', 'codigo'], en: ['treatment id', 'procedure id', 'id'] },
    patientRef,
    { name: 'name', required: true, es: ['tratamiento', 'nombre tratamiento', 'procedimiento', 'descripcion'], en: ['treatment', 'procedure', 'description', 'name'] },
    { name: 'date', required: true, es: ['fecha', 'fecha realizacion', 'realizado'], en: ['date', 'performed on', 'date performed'] },
  ],
  recalls: [
    { name: 'externalId', required: true, es: ['id recall', 'id revision', 'id'], en: ['recall id', 'id'] },
    patientRef,
    { name: 'reason', required: true, es: ['motivo', 'tipo', 'revision'], en: ['reason', 'type', 'recall type'] },
    { name: 'date', required: true, es: ['fecha', 'fecha recall', 'fecha revision', 'vencimiento'], en: ['due date', 'date', 'due'] },
    { name: 'status', es: ['estado'], en: ['status'] },
  ],
};

/** "Nº Historia" → "n historia": lower case, no accents, words separated by one space. */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
