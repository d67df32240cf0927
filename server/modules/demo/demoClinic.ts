// A realistic Spanish dental clinic, generated deterministically so every demo looks the same.
import { DateTime } from 'luxon';

export const DEMO_SOURCE = 'demo';

const FIRST_NAMES = ['Lucía', 'Hugo', 'Martina', 'Mateo', 'Sofía', 'Leo', 'María', 'Daniel', 'Julia', 'Alejandro', 'Paula', 'Pablo', 'Valeria', 'Manuel', 'Emma', 'Álvaro', 'Carmen', 'Javier', 'Noa', 'Adrián', 'Alba', 'Diego', 'Sara', 'Mario', 'Carla', 'Marcos', 'Irene', 'Sergio', 'Claudia', 'Jorge', 'Elena', 'Antonio', 'Laura', 'José', 'Ana', 'Francisco', 'Marta', 'David', 'Cristina', 'Raúl', 'Pilar', 'Iván', 'Rocío', 'Rubén', 'Nerea', 'Óscar', 'Beatriz', 'Andrés', 'Inés', 'Miguel', 'Teresa', 'Fernando', 'Aitana', 'Gonzalo', 'Lola', 'Íker', 'Rosa', 'Enrique', 'Olivia', 'Víctor'];
const LAST_NAMES = ['García', 'Rodríguez', 'González', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez', 'Martín', 'Jiménez', 'Ruiz', 'Hernández', 'Díaz', 'Moreno', 'Muñoz', 'Álvarez', 'Romero', 'Alonso', 'Gutiérrez', 'Navarro', 'Torres', 'Domínguez', 'Vázquez', 'Ramos', 'Gil', 'Ramírez', 'Serrano', 'Blanco', 'Molina', 'Morales', 'Suárez', 'Ortega', 'Delgado', 'Castro', 'Ortiz', 'Rubio', 'Marín', 'Sanz', 'Iglesias'];

export const DEMO_PROVIDERS = [
  { externalId: 'prov-1', firstName: 'Elena', lastName: 'Marín Soto', email: 'elena.marin@sonrisa.example' },
  { externalId: 'prov-2', firstName: 'Javier', lastName: 'Ortega Ruiz', email: 'javier.ortega@sonrisa.example' },
  { externalId: 'prov-3', firstName: 'Carmen', lastName: 'Velasco Gil', email: 'carmen.velasco@sonrisa.example' },
  { externalId: 'prov-4', firstName: 'Tomás', lastName: 'Ibáñez Prieto', email: 'tomas.ibanez@sonrisa.example' },
];

export const DEMO_LOCATIONS = [
  { externalId: 'loc-1', name: 'Clínica Dental Sonrisa · Chamberí', address: 'Calle de Santa Engracia 45, 28010 Madrid', phone: '+34914470123', notes: 'Metro Iglesia (L1). Timbre 1.º B.' },
  { externalId: 'loc-2', name: 'Clínica Dental Sonrisa · Retiro', address: 'Calle de Ibiza 12, 28009 Madrid', phone: '+34915740456', notes: 'Parking público en la calle Narváez.' },
];

export const DEMO_SERVICES = [
  { externalId: 'svc-limpieza', name: 'Limpieza dental', durationMinutes: 30, price: 60, recallIntervalDays: 180, preparation: 'Cepíllate los dientes antes de venir.' },
  { externalId: 'svc-revision', name: 'Revisión', durationMinutes: 20, price: 0, recallIntervalDays: 365, preparation: null },
  { externalId: 'svc-ortodoncia', name: 'Control de ortodoncia', durationMinutes: 30, price: 80, recallIntervalDays: 42, preparation: 'Trae tu férula o retenedor.' },
  { externalId: 'svc-empaste', name: 'Empaste', durationMinutes: 45, price: 70, recallIntervalDays: null, preparation: null },
  { externalId: 'svc-endodoncia', name: 'Endodoncia', durationMinutes: 90, price: 250, recallIntervalDays: null, preparation: 'Come algo antes de venir: la anestesia dura unas horas.' },
  { externalId: 'svc-blanqueamiento', name: 'Blanqueamiento', durationMinutes: 60, price: 300, recallIntervalDays: null, preparation: 'Evita café y vino tinto las 48 h siguientes.' },
  { externalId: 'svc-implante', name: 'Revisión de implante', durationMinutes: 30, price: 0, recallIntervalDays: 365, preparation: null },
];

export type DemoPatient = { externalId: string; firstName: string; lastName: string; phone: string; email: string | null; preferredChannel: 'whatsapp' | 'sms' | 'email'; privacyConsent: boolean };
export type DemoAppointment = { externalId: string; patientIndex: number; providerIndex: number; locationIndex: number; serviceIndex: number; startsAt: Date; status: 'scheduled' | 'confirmed' | 'attended' | 'no_show' | 'cancelled'; bookedOnline: boolean };
export type DemoRecall = { externalId: string; patientIndex: number; serviceIndex: number; reason: string; dueDate: string };

/** Park-Miller: small, seeded, good enough for picking demo names. */
function seededRandom(seed: number) {
  let state = seed;
  return () => {
    state = (state * 48_271) % 2_147_483_647;
    return state / 2_147_483_647;
  };
}

export function demoPatients(count = 60): DemoPatient[] {
  const random = seededRandom(20260603);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  return Array.from({ length: count }, (_, index) => {
    const firstName = FIRST_NAMES[index % FIRST_NAMES.length]!;
    const lastName = `${pick(LAST_NAMES)} ${pick(LAST_NAMES)}`;
    // Spanish mobiles: 6xx xxx xxx; the 600 111 xxx block keeps them recognisable as demo numbers.
    const phone = `+34600${String(111000 + index * 7).padStart(6, '0')}`;
    const channel = random();
    return {
      externalId: `pat-${index + 1}`,
      firstName,
      lastName,
      phone,
      email: random() < 0.6 ? `${ascii(firstName)}.${ascii(lastName.split(' ')[0]!)}${index}@correo.example` : null,
      preferredChannel: channel < 0.75 ? 'whatsapp' : channel < 0.92 ? 'sms' : 'email',
      privacyConsent: random() < 0.93,
    };
  });
}

/** Past appointments over the last 60 days and upcoming ones over the next 14, on weekdays 9:00–19:30. */
export function demoAppointments(now: Date, timezone: string, patientCount: number): DemoAppointment[] {
  const random = seededRandom(424242);
  const today = DateTime.fromJSDate(now, { zone: timezone }).startOf('day');
  const appointments: DemoAppointment[] = [];
  for (let dayOffset = -60; dayOffset <= 14; dayOffset++) {
    const day = today.plus({ days: dayOffset });
    if (day.weekday >= 6) continue;
    const perDay = dayOffset < 0 ? 2 : 4;
    for (let slot = 0; slot < perDay; slot++) {
      const startsAt = day.set({ hour: 9 + Math.floor(random() * 10), minute: random() < 0.5 ? 0 : 30 }).toJSDate();
      const past = startsAt < now;
      const roll = random();
      const status = past ? (roll < 0.82 ? 'attended' : roll < 0.92 ? 'no_show' : 'cancelled') : roll < 0.25 ? 'confirmed' : 'scheduled';
      appointments.push({
        externalId: `apt-${appointments.length + 1}`,
        patientIndex: Math.floor(random() * patientCount),
        providerIndex: Math.floor(random() * DEMO_PROVIDERS.length),
        locationIndex: random() < 0.7 ? 0 : 1,
        serviceIndex: Math.floor(random() * DEMO_SERVICES.length),
        startsAt,
        status,
        bookedOnline: random() < 0.3,
      });
    }
  }
  return appointments;
}

export function demoRecalls(now: Date, patientCount: number): DemoRecall[] {
  const reasons = [
    { serviceIndex: 0, reason: 'Limpieza' },
    { serviceIndex: 1, reason: 'Revisión anual' },
    { serviceIndex: 2, reason: 'Control de ortodoncia' },
  ];
  return Array.from({ length: 12 }, (_, index) => {
    const { serviceIndex, reason } = reasons[index % reasons.length]!;
    const due = DateTime.fromJSDate(now).plus({ days: index * 3 - 10 });
    return { externalId: `rec-${index + 1}`, patientIndex: (index * 5 + 3) % patientCount, serviceIndex, reason, dueDate: due.toISODate()! };
  });
}

function ascii(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}
