import type { Command } from '../command.ts';

/**
 * A command as `helpflow --help` lists it, and the module with the rest of it. The module is
 * loaded only when the command runs (or its own --help is asked for): the command line starts
 * at once, and each command loads only what it uses (DuckDB, fastify, graphology, connectors).
 */
export interface CommandEntry {
  name: string;
  /** The synopsis after `helpflow`, e.g. `import <connector> <path>`. */
  usage: string;
  summary: string;
  load(): Promise<Command>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'import',
    usage: 'import <connector> <path> [--date-tolerance D] [--out-of-range-dates fail|skip]',
    summary: 'read a source into the database (one transaction: all or nothing)',
    load: async () => (await import('./import.ts')).importCommand,
  },
  {
    name: 'stats',
    usage: 'stats',
    summary: 'how many people, accounts, help events and imports are stored',
    load: async () => (await import('./stats.ts')).statsCommand,
  },
  {
    name: 'imports',
    usage: 'imports',
    summary: 'the history of imports, with what each stored and skipped',
    load: async () => (await import('./imports.ts')).importsCommand,
  },
  {
    name: 'report',
    usage:
      'report isolation|experts|communities|flows|people|trends [--from ISO] [--to ISO] [--team T] [--topic T] [--by team|community|context]',
    summary: 'what the network says: isolation, experts, communities, team flows, people, trends',
    load: async () => (await import('./report.ts')).reportCommand,
  },
  {
    name: 'brief',
    usage:
      'brief --out FILE [--team T] [--from ISO] [--to ISO] [--source S] [--role R [--person ID]]',
    summary: 'a one-page brief for leadership as a self-contained HTML file',
    load: async () => (await import('./brief.ts')).briefCommand,
  },
  {
    name: 'export',
    usage:
      'export --format csv|gexf|graphml|parquet [--out FILE|DIR] [--from ISO] [--to ISO] [--team T]' +
      ' [--topic T] [--source S] [--kind K]',
    summary:
      'the tie graph, for spreadsheets (CSV) or Gephi (GEXF, GraphML); the interactions, for a warehouse (Parquet)',
    load: async () => (await import('./export.ts')).exportCommand,
  },
  {
    name: 'demo',
    usage: 'demo [--out DIR] [--seed N] [--serve [--port N] [--host H]]',
    summary: 'generate the demo organisation (a Slack export and an org chart) and import it',
    load: async () => (await import('./demo.ts')).demoCommand,
  },
  {
    name: 'serve',
    usage:
      'serve [--port N] [--host H] [--config FILE] [--sync-every MINUTES] [--oidc-issuer URL --oidc-client-id ID]',
    summary: 'run the API (and the dashboard) on the database',
    load: async () => (await import('./serve.ts')).serveCommand,
  },
  {
    name: 'token',
    usage: 'token create --role R [--person ID] [--label TEXT] | token list | token revoke ID',
    summary: 'API tokens: make one (shown once), list them, revoke one',
    load: async () => (await import('./token.ts')).tokenCommand,
  },
  {
    name: 'people',
    usage: 'people opt-out ID | opt-in ID | list [TEXT] | forget ID --yes | export ID [--out FILE]',
    summary: 'opt a person out or back in; find people; erase a person; export what is stored',
    load: async () => (await import('./people.ts')).peopleCommand,
  },
  {
    name: 'audit',
    usage: 'audit [--person ID] [--limit N]',
    summary: 'who looked at whose page, newest first',
    load: async () => (await import('./audit.ts')).auditCommand,
  },
  {
    name: 'sync',
    usage: 'sync [--config FILE] [--status]',
    summary: 'import every configured source incrementally; --status: last sync, lag, errors',
    load: async () => (await import('./sync.ts')).syncCommand,
  },
  {
    name: 'identities',
    usage: 'identities list|suggest|merge|split',
    summary: 'which accounts are one person: list them, review suggested merges, merge, split',
    load: async () => (await import('./identities.ts')).identitiesCommand,
  },
  {
    name: 'backup',
    usage: 'backup DIR',
    summary: 'write a consistent snapshot of the database to a new folder (also while serving)',
    load: async () => (await import('./backup.ts')).backupCommand,
  },
  {
    name: 'restore',
    usage: 'restore DIR --db NEW_FILE',
    summary: 'bring a backup back into a new database file',
    load: async () => (await import('./backup.ts')).restoreCommand,
  },
  {
    name: 'retention',
    usage: 'retention [--apply] [--config FILE]',
    summary: 'what the retention policy would delete now (--apply: delete it)',
    load: async () => (await import('./retention.ts')).retentionCommand,
  },
];
