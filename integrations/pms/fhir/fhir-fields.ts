// Small readers shared by the FHIR mappers: references, names, telecoms, concepts and dates.
import type { FhirCodeableConcept, FhirContactPoint, FhirHumanName } from './fhir-resources.ts';

/** `Patient/123` (or an absolute `https://…/Patient/123`, or `Patient/123/_history/2`) → '123' when the type matches. */
export function referenceId(reference: { reference?: string | undefined } | undefined, type: string): string | null {
  const value = reference?.reference;
  if (!value) return null;
  const match = new RegExp(`(?:^|/)${type}/([A-Za-z0-9\\-.]{1,64})(?:/_history/[^/]+)?$`).exec(value);
  return match?.[1] ?? null;
}

/** The first participant/actor of a type among several references. */
export function firstReferenceId(references: Array<{ reference?: string | undefined } | undefined>, type: string): string | null {
  for (const reference of references) {
    const id = referenceId(reference, type);
    if (id) return id;
  }
  return null;
}

/** The official name if there is one, else the first; given names joined with spaces. */
export function nameParts(names: FhirHumanName[] | undefined): { firstName: string; lastName: string } {
  const name = names?.find((n) => n.use === 'official') ?? names?.find((n) => n.use !== 'old') ?? names?.[0];
  if (!name) return { firstName: '', lastName: '' };
  const firstName = (name.given ?? []).join(' ').trim();
  const lastName = (name.family ?? '').trim();
  if (!firstName && !lastName && name.text) {
    const [first = '', ...rest] = name.text.trim().split(/\s+/);
    return { firstName: first, lastName: rest.join(' ') };
  }
  return { firstName, lastName };
}

/** Phone numbers in rank order (mobile before others at equal rank); old numbers left out. */
export function phonesOf(telecom: FhirContactPoint[] | undefined): string[] {
  const phones = (telecom ?? []).filter((t) => (t.system === 'phone' || t.system === 'sms') && t.value && t.use !== 'old');
  const rank = (t: FhirContactPoint) => (t.rank ?? 1_000) * 2 + (t.use === 'mobile' || t.system === 'sms' ? 0 : 1);
  const ordered = [...phones].sort((a, b) => rank(a) - rank(b)).map((t) => t.value!.trim());
  return [...new Set(ordered)];
}

/** The country of the patient's current address: home first, old addresses left out (FHIR: ISO code or name). */
export function addressCountryOf(addresses: Array<{ use?: string | undefined; country?: string | undefined }> | undefined): string | null {
  const current = (addresses ?? []).filter((a) => a.use !== 'old' && a.country?.trim());
  return (current.find((a) => a.use === 'home') ?? current[0])?.country?.trim() ?? null;
}

export function emailOf(telecom: FhirContactPoint[] | undefined): string | null {
  return (telecom ?? []).find((t) => t.system === 'email' && t.value)?.value?.trim() ?? null;
}

export function conceptText(concept: FhirCodeableConcept | undefined): string | null {
  const text = concept?.text?.trim() || concept?.coding?.find((c) => c.display)?.display?.trim() || concept?.coding?.find((c) => c.code)?.code?.trim();
  return text || null;
}

/** The calendar date a FHIR date or dateTime names, as the PMS wrote it (its local date), or null. */
export function datePart(value: string | undefined): string | null {
  const match = value ? /^(\d{4}-\d{2}-\d{2})/.exec(value) : null;
  return match?.[1] ?? null;
}

/** A FHIR instant (offset required) → ISO UTC, or null. */
export function instant(value: string | undefined): string | null {
  if (!value || !/T.*(Z|[+-]\d{2}:\d{2})$/.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
