// Every automation rule asks this clock for the time, so tests can set it (a DST night, a Sunday) and
// the same code runs in production on the system clock.
export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

/** A clock the caller moves by hand (tests, simulations). */
export type ManualClock = Clock & { set(at: Date | string): void; advance(ms: number): void };

export function createManualClock(start: Date | string): ManualClock {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set(at) {
      current = new Date(at);
    },
    advance(ms) {
      current = new Date(current.getTime() + ms);
    },
  };
}
