/**
 * Values checked at the door: what an interaction's date and weight may be before it is stored.
 * A weight of NaN or infinity breaks every report whose window holds it; one event dated 2099
 * moves the default window (which ends at the newest interaction) into the future and makes
 * everyone look isolated. So such values fail the import with the record and field, or, when
 * the person importing says so, dates out of range are skipped and counted.
 */

export interface ValueChecks {
  /** The earliest date an interaction may have. */
  earliest: Date;
  /** How far past now an interaction may be dated (clocks and time zones differ). */
  futureToleranceMs: number;
  /** `fail` (the default) fails the import on a date out of range; `skip` skips and counts it. */
  outOfRangeDates: 'fail' | 'skip';
}

export const DEFAULT_VALUE_CHECKS: Readonly<ValueChecks> = {
  earliest: new Date('1990-01-01T00:00:00Z'),
  futureToleranceMs: 24 * 3600 * 1000,
  outOfRangeDates: 'fail',
};

/** The bounds in force for an import that starts `now`, as SQL TIMESTAMPTZ literals. */
export function dateBounds(checks: ValueChecks, now = new Date()) {
  const latest = new Date(now.getTime() + checks.futureToleranceMs);
  return {
    earliest: `TIMESTAMPTZ '${checks.earliest.toISOString()}'`,
    latest: `TIMESTAMPTZ '${latest.toISOString()}'`,
    /** For messages and skip reasons. */
    describe: `before ${checks.earliest.toISOString().slice(0, 10)} or after ${latest.toISOString().slice(0, 16)}Z (now plus ${formatDuration(checks.futureToleranceMs)})`,
  };
}

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `36h`, `1d`, `90m`, `0`: a duration for --date-tolerance; throws a message saying what is wrong. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([smhd]?)$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a duration like 1d, 36h or 90m`);
  return Math.round(Number(match[1]) * (UNITS[match[2] || 's'] ?? 1000));
}

function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm'] as const) {
    if (ms % UNITS[unit]! === 0 && ms >= UNITS[unit]!) return `${ms / UNITS[unit]!}${unit}`;
  }
  return `${ms / 1000}s`;
}
