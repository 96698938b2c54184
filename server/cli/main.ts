import { parseArgs, type ParseArgsConfig } from 'node:util';
import { databasePath } from '../config.ts';
import { runThroughServer } from './admin-client.ts';
import { COMMANDS, type CommandEntry } from './commands/index.ts';
import { UsageError, type Command } from './command.ts';
import { reportFailure } from './failure.ts';

// Imports nothing heavy at the top: `helpflow --help` starts at once, and each command loads
// DuckDB, fastify or graphology only when it needs them (see commands/index.ts).

const GLOBAL_OPTIONS = {
  db: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options'];

function usage(): string {
  const width = Math.max(...COMMANDS.map((command) => command.usage.length));
  return [
    'helpflow: who helps whom, from collaboration metadata',
    '',
    'Usage: helpflow <command> [options]',
    '',
    ...COMMANDS.map((command) => `  ${command.usage.padEnd(width)}  ${command.summary}`),
    '',
    'Options for every command:',
    '  --db FILE   the database (default: $HELPFLOW_DB, else ./data/helpflow.duckdb)',
    '  --json      print JSON, for scripts',
    '  --help      help for a command',
  ].join('\n');
}

function commandHelp(entry: CommandEntry, command: Command): string {
  return [
    `Usage: helpflow ${entry.usage}`,
    '',
    entry.summary,
    ...(command.help ? ['', command.help()] : []),
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const name = argv[0];
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name === undefined ? 1 : 0;
  }
  const entry = COMMANDS.find((candidate) => candidate.name === name);
  if (!entry) throw new UsageError(`unknown command "${name}"\n\n${usage()}`);
  const command = await entry.load();
  let parsed;
  try {
    parsed = parseArgs({
      args: argv.slice(1),
      options: { ...GLOBAL_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${commandHelp(entry, command)}`);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) {
    console.log(commandHelp(entry, command));
    return 0;
  }
  const dbPath = databasePath(values.db as string | undefined);
  const context = { dbPath, positionals: parsed.positionals, values, json: values.json === true };
  if (command.needsStore === false) return command.run(context);
  const remote = await runThroughServer(dbPath, name, command, parsed.positionals, values);
  if (remote !== null) return remote;
  const { Store } = await import('../store/database.ts');
  const store = await Store.open(dbPath);
  for (const { importId, removed } of store.recovered) {
    const rows = Object.entries(removed).map(([table, n]) => `${n} rows of ${table}`);
    console.error(
      `helpflow: import #${importId} was interrupted; removed ${rows.join(', ') || 'nothing (it had written no rows)'} (see \`helpflow imports\`)`,
    );
  }
  try {
    return await command.run({ ...context, store });
  } finally {
    store.close();
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.exitCode = reportFailure(error);
}
