import type { Window } from './model.ts';

// The window's type lives in model.ts, with the rest of what the store hands the analytics.
export type { Window };

/** By default a window is the 90 days ending at the newest interaction in the data. */
export const DEFAULT_WINDOW_DAYS = 90;
const DAY_MS = 86_400_000;

/** The default window: `days` days ending just after the newest interaction. */
export function defaultWindow(newest: string | Date, days = DEFAULT_WINDOW_DAYS): Window {
  const end = new Date(new Date(newest).getTime() + 1000);
  return { from: new Date(end.getTime() - days * DAY_MS).toISOString(), to: end.toISOString() };
}

const WEEK_MS = 7 * DAY_MS;
/** 1970-01-05, a Monday. */
const A_MONDAY_MS = Date.UTC(1970, 0, 5);

/**
 * The default window in whole weeks, for data held as weekly ties: from Monday 00:00 UTC to the
 * Monday after the newest event, `days` rounded up to whole weeks (90 days: 13 weeks).
 */
export function defaultWeeklyWindow(newest: string | Date, days = DEFAULT_WINDOW_DAYS): Window {
  const end = new Date(newest).getTime() + 1000;
  const to = A_MONDAY_MS + Math.ceil((end - A_MONDAY_MS) / WEEK_MS) * WEEK_MS;
  const from = to - Math.ceil(days / 7) * WEEK_MS;
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

/** The window of the same length just before `window`. */
export function previousWindow(window: Window): Window {
  const from = Date.parse(window.from);
  const length = Date.parse(window.to) - from;
  return { from: new Date(from - length).toISOString(), to: window.from };
}

export function windowDays(window: Window): number {
  return (Date.parse(window.to) - Date.parse(window.from)) / DAY_MS;
}
