import { previousWindow, type Window } from '../analytics/window.ts';
import type { StoreReader } from '../store/database.ts';
import { readPartnerSpans, type PartnerSpan } from '../store/follow-up-queries.ts';
import { readPersonWeeks, type PersonWeek } from '../store/people-queries.ts';
import type { ReportQuery } from './reports.ts';

/**
 * Following up a flag: whom the person lost (help with them in the previous window, none in
 * this one) and gained (the other way round), each with the dates of the help, how many they
 * kept, and the weekly help given and received over both windows, so a reader sees when the
 * change began. Person-bearing fields carry ids only: the route shapes them for the viewer.
 */

export interface ChangedPartner {
  person: string;
  weight: number;
  interactions: number;
  /** The help's first and last dates (in the previous window for lost partners, else this one). */
  firstAt: string;
  lastAt: string;
}

export interface FollowUp {
  window: Window;
  previousWindow: Window;
  lost: ChangedPartner[];
  gained: ChangedPartner[];
  kept: number;
  weeks: PersonWeek[];
}

export async function followUp(
  store: StoreReader,
  person: string,
  window: Window,
  query: ReportQuery,
): Promise<FollowUp> {
  const previous = previousWindow(window);
  const filters = { ...query, from: previous.from, to: window.to };
  const [spans, weeks] = await Promise.all([
    readPartnerSpans(store, person, window.from, filters),
    readPersonWeeks(store, person, filters),
  ]);
  const side = (span: PartnerSpan, before: boolean): ChangedPartner => ({
    person: span.partner,
    weight: before ? span.weightBefore : span.weightSince,
    interactions: before ? span.interactionsBefore : span.interactionsSince,
    firstAt: (before ? span.firstBefore : span.firstSince)!,
    lastAt: (before ? span.lastBefore : span.lastSince)!,
  });
  const strongest = (a: ChangedPartner, b: ChangedPartner) =>
    b.weight - a.weight || a.person.localeCompare(b.person);
  return {
    window,
    previousWindow: previous,
    lost: spans
      .filter((s) => s.interactionsBefore > 0 && s.interactionsSince === 0)
      .map((s) => side(s, true))
      .sort(strongest),
    gained: spans
      .filter((s) => s.interactionsBefore === 0 && s.interactionsSince > 0)
      .map((s) => side(s, false))
      .sort(strongest),
    kept: spans.filter((s) => s.interactionsBefore > 0 && s.interactionsSince > 0).length,
    weeks,
  };
}
