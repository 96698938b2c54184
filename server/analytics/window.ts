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

/** The window of the same length just before `window`. */
export function previousWindow(window: Window): Window {
  const from = Date.parse(window.from);
  const length = Date.parse(window.to) - from;
  return { from: new Date(from - length).toISOString(), to: window.from };
}

export function windowDays(window: Window): number {
  return (Date.parse(window.to) - Date.parse(window.from)) / DAY_MS;
}
