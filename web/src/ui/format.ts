/** Numbers, dates and people in words, the same way in every view. */

import type { PersonRef, Window } from '../api/types.ts';

const whole = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const short = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 0 });

export const formatWhole = (value: number) => whole.format(value);
export const formatNumber = (value: number) => short.format(value);
export const formatPercent = (value: number) => percent.format(value);

/** Small scores (PageRank, betweenness) with three significant digits. */
export function formatScore(value: number): string {
  return value === 0 ? '0' : value.toPrecision(3);
}

export function formatDate(iso: string): string {
  return iso.slice(0, 10);
}

/** The window as people say it: "2 Aug – 31 Oct 2026" (the end is exclusive). */
export function formatWindow(window: Window): string {
  const options: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', timeZone: 'UTC' };
  const from = new Date(window.from);
  const last = new Date(new Date(window.to).getTime() - 1);
  const year = new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'UTC' });
  const day = new Intl.DateTimeFormat('en-GB', options);
  return `${day.format(from)} – ${day.format(last)} ${year.format(last)}`;
}

/** A name, or "someone in <team>" for a pseudonymised person. */
export function personName(person: Pick<PersonRef, 'name' | 'team'>): string {
  if (person.name) return person.name;
  return person.team ? `someone in ${person.team}` : 'someone';
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatWhole(count)} ${count === 1 ? one : many}`;
}
