import resolveDefaults from 'graphology-utils/defaults.js';

/**
 * A short phrase for a person's pattern, from their figures relative to everyone else's with
 * ties. Rules, first match wins:
 *
 *   1. no tie partner                                             → not connected
 *   2. one tie partner                                            → one tie only
 *   3. high people helped, help given ≥ imbalance × received      → go-to person
 *   4. high betweenness, constraint at or below `open` percentile → broker
 *   5. high clustering, help given ≥ help received                → tight circle
 *   6. help received ≥ imbalance × given                          → asks more than helps
 *   7. help given ≥ imbalance × received                          → helps more than asks
 *   8. otherwise                                                  → balanced
 *
 * "High" means at or above the `high` percentile of the people with ties and strictly above their
 * median, so a flat distribution (everyone helped three people) makes nobody stand out.
 * Percentiles are nearest-rank.
 */

export const PERSONAS = {
  notConnected: 'not connected in this window',
  oneTie: 'one tie only',
  goTo: 'go-to person: helps many, asks rarely',
  broker: 'broker between groups',
  tightCircle: 'helps within a tight circle',
  asksMore: 'asks more than helps',
  helpsMore: 'helps more than asks',
  balanced: 'gives and gets help in balance',
} as const;

export interface PersonaThresholds {
  /** Percentile (0–1) from which a figure counts as high. */
  high: number;
  /** Percentile (0–1) of constraint up to which a broker's network counts as open. */
  open: number;
  /** One side of the help counts as outweighing the other from this ratio. */
  imbalance: number;
}

export const DEFAULTS: Readonly<PersonaThresholds> = { high: 0.9, open: 0.5, imbalance: 2 };

/** Per index position; `constraint` NaN for people without ties. */
export interface PersonaFigures {
  partners: Int32Array;
  helpGiven: Float64Array;
  helpReceived: Float64Array;
  peopleHelped: Int32Array;
  betweenness: Float64Array;
  clustering: Float64Array;
  constraint: Float64Array;
}

function check(thresholds: Partial<PersonaThresholds> | undefined): PersonaThresholds {
  const settings = resolveDefaults(thresholds as PersonaThresholds, DEFAULTS);
  const { high, open, imbalance } = settings;
  for (const [name, value] of Object.entries({ high, open })) {
    if (!(value >= 0 && value <= 1)) {
      throw new Error(`persona: ${name} must be a percentile in [0, 1], got ${value}`);
    }
  }
  if (!(imbalance >= 1)) throw new Error(`persona: imbalance must be at least 1, got ${imbalance}`);
  return settings;
}

/** Nearest-rank percentile of the values of the people with ties. */
function percentile(values: ArrayLike<number>, partners: Int32Array, q: number): number {
  const sorted: number[] = [];
  for (let i = 0; i < partners.length; i++) if (partners[i]! > 0) sorted.push(values[i]!);
  sorted.sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function persona(
  figures: PersonaFigures,
  thresholds?: Partial<PersonaThresholds>,
): string[] {
  const { high, open, imbalance } = check(thresholds);
  const { partners, helpGiven, helpReceived, peopleHelped, betweenness, clustering, constraint } =
    figures;
  const isHigh = (values: ArrayLike<number>) => {
    const floor = percentile(values, partners, 0.5);
    const threshold = percentile(values, partners, high);
    return (i: number) => values[i]! >= threshold && values[i]! > floor;
  };
  const helpsMany = isHigh(peopleHelped);
  const brokers = isHigh(betweenness);
  const clustered = isHigh(clustering);
  const openUpTo = percentile(constraint, partners, open);

  const phrases: string[] = [];
  for (let i = 0; i < partners.length; i++) {
    const given = helpGiven[i]!;
    const received = helpReceived[i]!;
    let phrase: string;
    if (partners[i] === 0) phrase = PERSONAS.notConnected;
    else if (partners[i] === 1) phrase = PERSONAS.oneTie;
    else if (helpsMany(i) && given >= imbalance * received) phrase = PERSONAS.goTo;
    else if (brokers(i) && constraint[i]! <= openUpTo) phrase = PERSONAS.broker;
    else if (clustered(i) && given >= received) phrase = PERSONAS.tightCircle;
    else if (received > 0 && received >= imbalance * given) phrase = PERSONAS.asksMore;
    else if (given > 0 && given >= imbalance * received) phrase = PERSONAS.helpsMore;
    else phrase = PERSONAS.balanced;
    phrases.push(phrase);
  }
  return phrases;
}
