/**
 * Colours that colour-blind readers can tell apart: Paul Tol's "muted" scheme for categories
 * (nine, then grey for the rest, and the legend says which), and a light-to-dark ramp of one
 * hue for quantities, so no value depends on telling red from green.
 */

export const CATEGORY_COLOURS = [
  '#332288',
  '#88CCEE',
  '#44AA99',
  '#117733',
  '#999933',
  '#DDCC77',
  '#CC6677',
  '#882255',
  '#AA4499',
] as const;

export const OTHER_COLOUR = '#BBBBBB';
export const DIMMED_COLOUR = '#E6E6E6';
export const HIGHLIGHT_COLOUR = '#EE7733';

export interface Legend<T> {
  colourOf(value: T): string;
  entries: { value: T | null; label: string; colour: string; count: number }[];
}

/**
 * The most common values get the colours, in order of count; the rest share grey. `weights`
 * counts a value more than once (a community node stands for its members).
 */
export function categoryLegend<T>(
  values: T[],
  label: (value: T) => string,
  weights?: number[],
): Legend<T> {
  const counts = new Map<T, number>();
  values.forEach((value, i) => counts.set(value, (counts.get(value) ?? 0) + (weights?.[i] ?? 1)));
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || label(a[0]).localeCompare(label(b[0])));
  const colours = new Map<T, string>();
  ranked.slice(0, CATEGORY_COLOURS.length).forEach(([value], i) => {
    colours.set(value, CATEGORY_COLOURS[i]!);
  });
  const rest = ranked.slice(CATEGORY_COLOURS.length);
  const entries: Legend<T>['entries'] = ranked
    .slice(0, CATEGORY_COLOURS.length)
    .map(([value, count]) => ({ value, label: label(value), colour: colours.get(value)!, count }));
  if (rest.length > 0) {
    entries.push({
      value: null,
      label: `${rest.length} more`,
      colour: OTHER_COLOUR,
      count: rest.reduce((sum, [, count]) => sum + count, 0),
    });
  }
  return { colourOf: (value) => colours.get(value) ?? OTHER_COLOUR, entries };
}

/** Light yellow to dark brown (Tol's YlOrBr), for a share between 0 and 1. */
const RAMP = ['#FFFFE5', '#FEE391', '#FEC44F', '#FB9A29', '#EC7014', '#CC4C02', '#8C2D04'];

export function rampColour(share: number): string {
  const i = Math.min(RAMP.length - 1, Math.max(0, Math.floor(share * RAMP.length)));
  return RAMP[i]!;
}

/** Text that stays readable on a ramp colour. */
export function rampText(share: number): string {
  return share >= 0.57 ? '#FFFFFF' : '#1A1A1A';
}
