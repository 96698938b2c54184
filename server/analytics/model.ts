/**
 * The data the analytics work on, as the store hands it over: the roster, the ties, the help
 * network, and what reports read beside them. Its own module, so that the store
 * (server/store/*-queries.ts) shapes its output without importing any analysis
 * (ARCHITECTURE.md).
 */

/**
 * The half-open time range [from, to) an analysis covers. By default the 90 days ending at the
 * newest interaction in the data, so imported history never looks empty because it is old.
 */
export interface Window {
  /** Inclusive, ISO 8601 UTC. */
  from: string;
  /** Exclusive, ISO 8601 UTC. */
  to: string;
}

export interface PersonAttributes {
  name: string | null;
  team: string | null;
  /** Person id of the manager, from the org chart. */
  manager: string | null;
  title: string | null;
  /** ISO date (YYYY-MM-DD) the person joined, from the org chart. */
  joinedAt: string | null;
  /** ISO date the person left the organisation (missing from a newer org chart), if they had. */
  leftAt?: string | null;
  /** `source:account_id` of every account of the person. */
  accounts: string[];
}

export interface RosterPerson extends PersonAttributes {
  person: string;
}

export interface TieRow {
  helper: string;
  helped: string;
  weight: number;
  interactions: number;
}

/**
 * A window's help as columns: the roster, and one entry per tie in typed arrays that name people
 * by their position on the roster. It carries what a `HelpGraph` carries, and the analytics
 * (person metrics, communities, isolation, flows) take either. The reports read it straight from
 * DuckDB: a graphology graph costs about 5 µs a tie to build (9 s for the 1.6 M ties of the
 * largest benchmark), the columns a few milliseconds, so a graph is built only where one is
 * handed out (exports).
 */
export interface HelpNetwork {
  /** Everyone on the roster, with or without ties; ties name people by index here. */
  people: readonly RosterPerson[];
  /** Tie k: `people[helper[k]]` helped `people[helped[k]]`; at most one tie per ordered pair. */
  helper: Int32Array;
  helped: Int32Array;
  /** Sum of the interactions' weights (their own, else their kind's). */
  weight: Float64Array;
  interactions: Int32Array;
}

/** The ties' indices heaviest first, then by helper and helped (roster positions). */
function heaviestFirst({ helper, helped, weight }: HelpNetwork): number[] {
  return Array.from(helper, (_, k) => k).sort(
    (a, b) => weight[b]! - weight[a]! || helper[a]! - helper[b]! || helped[a]! - helped[b]!,
  );
}

/** The ties as rows naming people by id, heaviest first (`heaviestFirst`). */
export function* tieRowsOf(network: HelpNetwork): Generator<TieRow> {
  const { people, helper, helped, weight, interactions } = network;
  for (const k of heaviestFirst(network)) {
    yield {
      helper: people[helper[k]!]!.person,
      helped: people[helped[k]!]!.person,
      weight: weight[k]!,
      interactions: interactions[k]!,
    };
  }
}

/** Help on one (topic, context, helper, helped, kind), aggregated in SQL by the caller. */
export interface TopicHelpRow {
  topic: string | null;
  context: string | null;
  helper: string;
  helped: string;
  kind: string;
  interactions: number;
  /** The newest of the interactions, ISO 8601. */
  lastAt: string;
  /** Σ over the interactions of credit × 0.5^(age in days / half-life), age measured at `asOf`. */
  recencyWeight: number;
  /** The most one interaction of the row counts for, before kind and age; 1 when absent. */
  credit?: number;
}

/** A source's first and last event (help or activity), ISO 8601. */
export interface SourceSpan {
  source: string;
  first: string;
  last: string;
}

/** A person's presence in the selected sources (server/store/presence-queries.ts). */
export interface Presence {
  /** First event ever, ISO 8601. */
  first: string;
  /** Last event before the window's end, ISO 8601; null if their first came after it. */
  last: string | null;
  /** Events (help either way, or activity) within the window. */
  inWindow: number;
  /** Asking activity (thread starts, questions …) within the window. */
  asked: number;
  /** The sources they were seen in. */
  sources: readonly string[];
}
