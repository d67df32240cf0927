// The clinic's business hours (settings.businessHours, saved with PATCH /api/clinic) and each location's own
// (openingHours, PATCH /api/locations/:id), as the "Hours and holidays" page edits them, with whether each is
// open now (GET /api/clinic/business-hours). A refusal is kept per form with the field it names.
import { api, ApiError, WEEKDAYS, type BusinessHours, type BusinessHoursState, type Clinic, type ClinicLocation, type Holiday, type LocationHours, type OpeningInterval, type Weekday, type WeeklyHours } from '../../../api/client.ts';
import { session } from '../../../state/session.svelte.ts';
import { errorText } from '../../../i18n.ts';

/** Every day present (closed: no intervals) and holiday names as typed, so inputs can bind to them. */
export type HoursDraft = { weekly: Record<Weekday, OpeningInterval[]>; holidays: { date: string; name: string }[] };
export type LocationDraft = { location: ClinicLocation; ownWeek: boolean; hours: HoursDraft; now: BusinessHoursState | null };
type FormError = { message: string; field: string | null };

/** A clinic with no hours yet starts from a usual week, saved only when the admin saves. */
const SUGGESTED_WEEK: WeeklyHours = { mon: [{ open: '09:00', close: '20:00' }], tue: [{ open: '09:00', close: '20:00' }], wed: [{ open: '09:00', close: '20:00' }], thu: [{ open: '09:00', close: '20:00' }], fri: [{ open: '09:00', close: '20:00' }], sat: [{ open: '09:00', close: '14:00' }] };
export const CLINIC_FORM = 'clinic';

class BusinessHoursSettings {
  clinic = $state<HoursDraft | null>(null);
  /** True while the clinic's hours shown are the suggestion, not saved ones. */
  suggested = $state(false);
  now = $state<BusinessHoursState | null>(null);
  locations = $state<LocationDraft[]>([]);
  loaded = $state(false);
  unavailable = $state(false);
  saving = $state<Record<string, boolean>>({});
  saved = $state<Record<string, boolean>>({});
  errors = $state<Record<string, FormError | undefined>>({});

  async load() {
    try {
      const [now, locations] = await Promise.all([currentState(), api<{ items: ClinicLocation[] }>('/locations', { query: { limit: '200' } })]);
      this.now = now;
      this.suggested = now.source === 'none' || !now.weekly;
      this.clinic = draftOf({ weekly: this.suggested ? SUGGESTED_WEEK : (now.weekly ?? {}), holidays: now.source === 'clinic' || now.source === 'legacy_opening_hours' ? (now.holidays ?? []) : [] });
      this.locations = await Promise.all(locations.items.map(async (location) => locationDraftOf(location, this.clinic, await currentState(location.id).catch(() => null))));
      this.unavailable = false;
    } catch {
      this.unavailable = true;
    }
    this.errors = {};
    this.saved = {};
    this.loaded = true;
  }

  /** Settings is stored whole, so the clinic's other settings are read fresh and sent back with the new hours. */
  async saveClinic() {
    const draft = this.clinic;
    if (!draft) return;
    await this.run(CLINIC_FORM, 'settings.businessHours.', async () => {
      const clinic = await api<Clinic>('/clinic');
      await api<Clinic>('/clinic', { method: 'PATCH', body: { settings: { ...clinic.settings, businessHours: hoursOf(draft) } } });
      this.suggested = false;
      this.now = await currentState();
      this.locations = await Promise.all(this.locations.map(async (entry) => ({ ...entry, now: await currentState(entry.location.id).catch(() => null) })));
    });
  }

  async saveLocation(entry: LocationDraft) {
    await this.run(entry.location.id, 'openingHours.', async () => {
      const hours = hoursOf(entry.hours);
      const openingHours: LocationHours | null = entry.ownWeek ? hours : hours.holidays.length > 0 ? { holidays: hours.holidays } : null;
      const location = await api<ClinicLocation>(`/locations/${entry.location.id}`, { method: 'PATCH', body: { openingHours } });
      entry.location = location;
      entry.now = await currentState(location.id).catch(() => null);
    });
  }

  /** The server's message when it named this field of this form (`weekly.sat[0].close`, `holidays[1]`…). */
  errorAt(form: string, path: string): string | null {
    const error = this.errors[form];
    if (!error?.field) return null;
    const field = error.field;
    if (field !== path && !field.startsWith(`${path}.`) && !field.startsWith(`${path}[`)) return null;
    // Beside the field its name is already on screen: "settings.businessHours.weekly.mon[0].close: …" → "…".
    return error.message.replace(/^[\w.[\]]+: /, '');
  }

  formError(form: string): string | null {
    return this.errors[form]?.message ?? null;
  }

  private async run(form: string, fieldPrefix: string, work: () => Promise<void>) {
    this.saving = { ...this.saving, [form]: true };
    this.saved = { ...this.saved, [form]: false };
    this.errors = { ...this.errors, [form]: undefined };
    try {
      await work();
      this.saved = { ...this.saved, [form]: true };
    } catch (error) {
      const field = error instanceof ApiError && error.field ? (error.field.startsWith(fieldPrefix) ? error.field.slice(fieldPrefix.length) : error.field) : null;
      this.errors = { ...this.errors, [form]: { message: errorText(session.lang, error), field } };
    } finally {
      this.saving = { ...this.saving, [form]: false };
    }
  }
}

function currentState(locationId?: string): Promise<BusinessHoursState> {
  return api<BusinessHoursState>('/clinic/business-hours', { query: { locationId } });
}

export function draftOf(hours: { weekly: WeeklyHours; holidays: Holiday[] }): HoursDraft {
  const weekly = Object.fromEntries(WEEKDAYS.map((day) => [day, (hours.weekly[day] ?? []).map((interval) => ({ ...interval }))]));
  return { weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [], ...weekly }, holidays: hours.holidays.map((holiday) => ({ date: holiday.date, name: holiday.name ?? '' })) };
}

/** What the API stores: closed days left out, an empty name as none. */
function hoursOf(draft: HoursDraft): BusinessHours {
  const weekly: WeeklyHours = {};
  for (const day of WEEKDAYS) if (draft.weekly[day].length > 0) weekly[day] = draft.weekly[day].map((interval) => ({ open: interval.open.trim(), close: interval.close.trim() }));
  return { weekly, holidays: draft.holidays.map((holiday) => ({ date: holiday.date, name: holiday.name.trim() || null })) };
}

function locationDraftOf(location: ClinicLocation, clinic: HoursDraft | null, now: BusinessHoursState | null): LocationDraft {
  const own = location.openingHours;
  const weekly = own?.weekly ?? (clinic ? hoursOf(clinic).weekly : {});
  return { location, ownWeek: Boolean(own?.weekly), hours: draftOf({ weekly, holidays: own?.holidays ?? [] }), now };
}

export const businessHoursSettings = new BusinessHoursSettings();
