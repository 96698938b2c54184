/**
 * The demo's fixed time span and the shape of a working week. All times are Unix seconds.
 */
import type { Random } from './random.ts';

export const DAY = 86_400;
export const HOUR = 3_600;

/** Inclusive first and last day of the demo, UTC. */
export const WINDOW = { from: '2026-05-01', to: '2026-10-31' } as const;
export const WINDOW_START = Date.UTC(2026, 4, 1) / 1000;
/** Exclusive: the first second after the span. */
export const WINDOW_END = Date.UTC(2026, 10, 1) / 1000;

/**
 * Real Slack exports name day files by the workspace's time zone, not UTC (the olake export is
 * in US Pacific time), so a connector must not assume the file date is the UTC date of `ts`.
 * The demo workspace lives in London.
 */
export const EXPORT_TIME_ZONE = 'Europe/London';
const BRITISH_SUMMER_TIME = {
  from: Date.UTC(2026, 2, 29, 1) / 1000,
  to: Date.UTC(2026, 9, 25, 1) / 1000,
};

export function isoDate(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

export function secondsOf(isoDay: string): number {
  return Date.parse(`${isoDay}T00:00:00Z`) / 1000;
}

const dayNames = new Map<number, string>();

/** The day file a message at `seconds` belongs in. */
export function exportDay(seconds: number): string {
  const summer = seconds >= BRITISH_SUMMER_TIME.from && seconds < BRITISH_SUMMER_TIME.to;
  const day = Math.floor((seconds + (summer ? HOUR : 0)) / DAY);
  let name = dayNames.get(day);
  if (name === undefined) dayNames.set(day, (name = isoDate(day * DAY)));
  return name;
}

export function isWeekend(seconds: number): boolean {
  const weekday = new Date(seconds * 1000).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** How busy a day is: quiet weekends, a summer-holiday dip in August. */
function dayWeight(dayStart: number): number {
  if (isWeekend(dayStart)) return 0.05;
  return new Date(dayStart * 1000).getUTCMonth() === 7 ? 0.7 : 1;
}

/** Picks days of the span in proportion to how busy they are, optionally within a range. */
export class DayPicker {
  readonly #starts: number[] = [];
  readonly #cumulative: number[] = [];

  constructor() {
    let sum = 0;
    for (let day = WINDOW_START; day < WINDOW_END; day += DAY) {
      sum += dayWeight(day);
      this.#starts.push(day);
      this.#cumulative.push(sum);
    }
  }

  /** Start of a day in [from, to) (defaults: the whole span). */
  pick(rng: Random, from = WINDOW_START, to = WINDOW_END): number {
    const first = Math.max(0, Math.ceil((from - WINDOW_START) / DAY));
    const last = Math.min(this.#starts.length, Math.ceil((to - WINDOW_START) / DAY)) - 1;
    if (last < first)
      throw new Error(`DayPicker.pick: no day between ${isoDate(from)} and ${isoDate(to)}`);
    const before = first > 0 ? (this.#cumulative[first - 1] as number) : 0;
    const target = before + rng.next() * ((this.#cumulative[last] as number) - before);
    let lo = first;
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#cumulative[mid] as number) > target) hi = mid;
      else lo = mid + 1;
    }
    return this.#starts[lo] as number;
  }
}

/** A moment in someone's working day (peaks late morning and mid-afternoon), as UTC seconds. */
export function workingMoment(rng: Random, dayStart: number, utcOffset: number): number {
  const peak = rng.chance(0.5) ? 11 : 15;
  const hour = Math.min(19.5, Math.max(8.5, peak + rng.normal() * 1.6));
  return dayStart + Math.floor(hour * HOUR) + rng.int(0, 59) - utcOffset;
}

/** Time until the next reply in a thread: mostly minutes, sometimes hours, rarely the next day. */
export function replyDelay(rng: Random): number {
  const roll = rng.next();
  if (roll < 0.6) return rng.int(40, 40 * 60);
  if (roll < 0.9) return rng.int(40 * 60, 5 * HOUR);
  return rng.int(5 * HOUR, 26 * HOUR);
}
