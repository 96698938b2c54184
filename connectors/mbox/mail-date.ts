/**
 * Dates as mail writes them: RFC 5322 `Date:` fields ("Mon, 4 May 2026 09:00:00 +0200", with
 * the obsolete two-digit years and zone names) and the asctime dates of "From " lines
 * ("Mon May  4 07:00:05 2026"). Parsed by pattern, not with Date.parse, which reads almost any
 * text as some date ("soon" is 1 January 2000).
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = `(${MONTHS.join('|')})[a-z]*`;
const TIME = '(\\d{1,2}):(\\d{2})(?::(\\d{2}))?';
const ZONE = '([+-]\\d{4}|[a-z]{1,5})';

const RFC_5322 = new RegExp(
  `^(?:[a-z]{3},?\\s*)?(\\d{1,2})\\s+${MONTH}\\s+(\\d{2,4})\\s+${TIME}(?:\\s*${ZONE})?`,
  'i',
);
/** asctime, as "From " lines write it; some writers (Gmail's export) put a zone before the year. */
const ASCTIME = new RegExp(
  `^[a-z]{3}\\s+${MONTH}\\s+(\\d{1,2})\\s+${TIME}(?:\\s+${ZONE})?\\s+(\\d{4})(?:\\s+${ZONE})?`,
  'i',
);

/** RFC 5322 §4.3 zone names, in hours; any other name means "unknown", read as UTC. */
const ZONE_HOURS: Record<string, number> = {
  est: -5,
  edt: -4,
  cst: -6,
  cdt: -5,
  mst: -7,
  mdt: -6,
  pst: -8,
  pdt: -7,
};

/** Milliseconds since the epoch, or null when `text` is not a mail date. */
export function parseMailDate(text: string): number | null {
  const trimmed = text.trim();
  const rfc = RFC_5322.exec(trimmed);
  if (rfc) {
    const [, day, month, year, hour, minute, second, zone] = rfc;
    return utc(fullYear(year!), month!, day!, hour!, minute!, second, zone);
  }
  const asc = ASCTIME.exec(trimmed);
  if (asc) {
    const [, month, day, hour, minute, second, zoneBeforeYear, year, zone] = asc;
    return utc(Number(year), month!, day!, hour!, minute!, second, zoneBeforeYear ?? zone);
  }
  return null;
}

/** RFC 5322 §4.3: two-digit years below 50 are 20xx, others 19xx; three-digit years add 1900. */
function fullYear(year: string): number {
  const value = Number(year);
  if (year.length === 2) return value < 50 ? 2000 + value : 1900 + value;
  return year.length === 3 ? 1900 + value : value;
}

function utc(
  year: number,
  monthName: string,
  day: string,
  hour: string,
  minute: string,
  second: string | undefined,
  zone: string | undefined,
): number | null {
  const month = MONTHS.indexOf(monthName.slice(0, 3).toLowerCase());
  const fields = [Number(day), Number(hour), Number(minute), Number(second ?? 0)];
  const [d, h, m, s] = fields as [number, number, number, number];
  if (d < 1 || d > 31 || h > 23 || m > 59 || s > 60) return null;
  const time = Date.UTC(year, month, d, h, m, s);
  // Date.UTC rolls 31 April over into May: such a date does not exist.
  if (new Date(time).getUTCDate() !== d) return null;
  return time - offsetMinutes(zone) * 60_000;
}

function offsetMinutes(zone: string | undefined): number {
  if (zone === undefined) return 0;
  const numeric = /^([+-])(\d{2})(\d{2})$/.exec(zone);
  if (numeric) {
    const minutes = Number(numeric[2]) * 60 + Number(numeric[3]);
    return numeric[1] === '-' ? -minutes : minutes;
  }
  return (ZONE_HOURS[zone.toLowerCase()] ?? 0) * 60;
}
