// Which recall interval applies (seed 001): one set by hand on the appointment, else the service's own,
// else the clinic's default. Null: no interval, so no recall is generated.
export function recallInterval(sources: { manualIntervalDays?: number | null; serviceIntervalDays?: number | null; defaultIntervalDays: number | null }): number | null {
  return positive(sources.manualIntervalDays) ?? positive(sources.serviceIntervalDays) ?? positive(sources.defaultIntervalDays);
}

function positive(days: number | null | undefined): number | null {
  return typeof days === 'number' && days > 0 ? days : null;
}
