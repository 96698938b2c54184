/**
 * The connector contract (docs/connectors.md). A connector reads one kind of source and yields typed
 * records; it never touches the store. The ingest pipeline (server/store/ingest.ts) batches
 * the records into DuckDB inside one transaction.
 */

/** One identity of a person in one source (a Slack user, an e-mail address, a GitHub login). */
export interface AccountRecord {
  type: 'account';
  source: string;
  accountId: string;
  displayName: string | null;
  email: string | null;
  isBot: boolean;
}

/** One directed help event: `helper` helped `helped`. Metadata only, never message text. */
export interface InteractionRecord {
  type: 'interaction';
  source: string;
  /** Unique within the source: re-importing the same id changes nothing. */
  sourceId: string;
  /** ISO 8601 date-time. */
  occurredAt: string;
  helper: string;
  helped: string;
  kind: string;
  context: string | null;
  topic: string | null;
  /** Explicit weight; null means "the configured weight of this kind". */
  weight: number | null;
  /** The thread (question, mail thread, chat thread) within the source, when there is one. */
  thread?: string | null;
  /** Every topic, when there are several (a question's tags); `topic` is the first. */
  topics?: string[];
}

/**
 * Presence that is not help (docs/activity.md): a thread start or top-level post, a question, a mail
 * that opens a thread, a commit, a pull request or issue opened. Metadata only: who, when,
 * where and what kind, never text. It lets isolation tell someone who asked and got no answer
 * (or who is simply quiet) from someone the sources never saw.
 */
export interface ActivityRecord {
  type: 'activity';
  source: string;
  /** Unique within the source's activity: re-importing the same id changes nothing. */
  sourceId: string;
  /** ISO 8601 date-time. */
  occurredAt: string;
  account: string;
  /** One of ACTIVITY_KINDS; the asking ones are in ASKING_KINDS. */
  kind: ActivityKind;
  context: string | null;
}

/** What a piece of activity was. */
export const ACTIVITY_KINDS = [
  'post',
  'question',
  'thread',
  'pull-request',
  'issue',
  'commit',
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/**
 * Activity that asks others for something (an answer, a reply, a review): when nobody helped
 * the person in the window, they are `unanswered`. A commit asks nobody.
 */
export const ASKING_KINDS: readonly ActivityKind[] = [
  'post',
  'question',
  'thread',
  'pull-request',
  'issue',
];

/** Something the connector read and deliberately did not turn into help, with the reason. */
export interface SkippedRecord {
  type: 'skipped';
  reason: string;
  /** How many records this stands for (default 1). */
  count?: number;
}

/** How far the connector has got; `total` when it is known. */
export interface ProgressRecord {
  type: 'progress';
  read: number;
  total?: number;
}

/**
 * A whole file in an interchange format, handed to DuckDB's own readers (read_csv, read_json)
 * because pushing millions of rows through JavaScript one by one would be far slower.
 */
export interface TableFileRecord {
  type: 'table-file';
  entity: 'interactions' | 'activity' | 'people' | 'aliases';
  path: string;
  format: 'csv' | 'ndjson';
  /** The longest line allowed, in bytes (connectors/shared/record-limit.ts). */
  maxLineBytes: number;
  /** An org chart's effective date, YYYY-MM-DD (`--as-of`); absent: today. */
  asOf?: string;
}

/**
 * Where a live API connector has got to in its origin (say, the newest update seen), stored by
 * the ingest pipeline in the same transaction as the data, so that the next run resumes from
 * it and a failed run resumes from where the last good one ended. The last one yielded wins.
 */
export interface CursorRecord {
  type: 'cursor';
  /** Anything JSON can hold; only the connector that yielded it reads it. */
  cursor: unknown;
}

export type ConnectorRecord =
  | AccountRecord
  | InteractionRecord
  | ActivityRecord
  | SkippedRecord
  | ProgressRecord
  | TableFileRecord
  | CursorRecord;

export interface ConnectorInput {
  /** A file or folder path; for a live API connector, the origin it reads (org, owner/repo …). */
  path: string;
  /** Connector-specific options, from the command line (`--topics FILE` and the like). */
  options: Record<string, string | undefined>;
  /**
   * The cursor the last successful import of this connector from this path stored; null on a
   * first run. Left out, the ingest pipeline fills it in from the store.
   */
  cursor?: unknown;
}

export interface Connector {
  id: string;
  /** One line for `helpflow import --help`. */
  description: string;
  /** What `path` should be, for help and errors. */
  accepts: string;
  /** Connector-specific options it understands, name → description. */
  optionsHelp?: Record<string, string>;
  /** Checks the input before anything is read; throws an ImportError that says what to fix. */
  validate(input: ConnectorInput): Promise<void>;
  read(input: ConnectorInput): AsyncIterable<ConnectorRecord>;
}
