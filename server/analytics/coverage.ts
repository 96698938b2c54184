import type { Window } from './window.ts';
import type { SourceSpan } from './model.ts';

// In model.ts with the rest of what the store hands the analytics; re-exported for importers.
export type { SourceSpan };

/**
 * Which sources cover a window (docs/activity.md): a report is judged only where its sources have data,
 * and says so. A source covers a window in full when its first and last events reach the
 * window's ends, give or take a quiet spell (`tolerance`: a week, or a tenth of a short window);
 * in part when its data starts or ends inside the window; not at all when it lies outside.
 */

export type Cover = 'all' | 'part' | 'none';

export interface SourceCoverage extends SourceSpan {
  window: Cover;
  previousWindow: Cover;
}

export interface ReportCoverage {
  /** The sources the query selects (its `source`, else every source), newest data first. */
  sources: SourceCoverage[];
  /** In plain words: each source that covers the window or previous window only in part, or not. */
  warnings: string[];
}

const DAY_MS = 86_400_000;
const MAX_TOLERANCE_MS = 7 * DAY_MS;

/** How far `span` covers `window`. */
export function cover(span: SourceSpan, window: Window): Cover {
  const from = Date.parse(window.from);
  const to = Date.parse(window.to);
  const first = Date.parse(span.first);
  const last = Date.parse(span.last);
  if (last < from || first >= to) return 'none';
  const tolerance = Math.min(MAX_TOLERANCE_MS, (to - from) / 10);
  return first <= from + tolerance && last >= to - tolerance ? 'all' : 'part';
}

/** The spans a query selects: its one source, or all of them. */
export function selectedSpans(spans: readonly SourceSpan[], source?: string): SourceSpan[] {
  return source === undefined ? [...spans] : spans.filter((span) => span.source === source);
}

/** The newest event of the selected spans, or null when they hold none. */
export function newestOf(spans: readonly SourceSpan[]): string | null {
  let newest: string | null = null;
  for (const { last } of spans) if (newest === null || last > newest) newest = last;
  return newest;
}

const day = (time: string) => time.slice(0, 10);

/**
 * The coverage of a report's window and previous window by the sources it selects, with a warning
 * in words for each source that covers either only in part or not at all.
 */
export function reportCoverage(
  spans: readonly SourceSpan[],
  window: Window,
  previous: Window,
  source?: string,
): ReportCoverage {
  const selected = selectedSpans(spans, source);
  const sources = selected
    .map((span) => ({
      ...span,
      window: cover(span, window),
      previousWindow: cover(span, previous),
    }))
    .sort((a, b) => (a.last > b.last ? -1 : a.last < b.last ? 1 : a.source < b.source ? -1 : 1));
  const warnings: string[] = [];
  if (source !== undefined && selected.length === 0) {
    const known = spans.map((span) => span.source).sort();
    warnings.push(
      `there is no data from source "${source}"` +
        (known.length ? ` (the sources are ${known.join(', ')})` : ' (nothing is imported yet)'),
    );
  }
  for (const s of sources) {
    const span = `its data runs from ${day(s.first)} to ${day(s.last)}`;
    if (s.window === 'none') {
      warnings.push(
        `${s.source} does not cover this window (${span}): its people are not judged here; ` +
          `choose --source ${s.source} (or a window within its data) to see them`,
      );
    } else if (s.window === 'part') {
      warnings.push(
        `${s.source} covers only part of this window (${span}): ` +
          `figures from it describe fewer days than the window has`,
      );
    }
    if (s.window !== 'none' && s.previousWindow !== 'all') {
      warnings.push(
        `${s.source} covers ${s.previousWindow === 'none' ? 'none' : 'only part'} of the previous ` +
          `window (${span}): fading and changes since then are not judged from it`,
      );
    }
  }
  return { sources, warnings };
}

/** The sources of `coverage` that cover the window (`which`) in full. */
export function fullyCovering(
  coverage: ReportCoverage,
  which: 'window' | 'previousWindow',
): Set<string> {
  return new Set(coverage.sources.filter((s) => s[which] === 'all').map((s) => s.source));
}
