import { parseArgs, type ParseArgsConfig } from 'node:util';
import { databasePath } from '../config.ts';
import { Store } from '../store/database.ts';
import { runThroughServer } from './admin-client.ts';
import { COMMANDS } from './commands/index.ts';
import { UsageError, type Command } from './command.ts';
import { reportFailure } from './failure.ts';

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

function commandHelp(command: Command): string {
  return [
    `Usage: helpflow ${command.usage}`,
    '',
    command.summary,
    ...(command.help ? ['', command.help()] : []),
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const name = argv[0];
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name === undefined ? 1 : 0;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) throw new UsageError(`unknown command "${name}"\n\n${usage()}`);
  let parsed;
  try {
    parsed = parseArgs({
      args: argv.slice(1),
      options: { ...GLOBAL_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${commandHelp(command)}`);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) {
    console.log(commandHelp(command));
    return 0;
  }
  const dbPath = databasePath(values.db as string | undefined);
  const context = { dbPath, positionals: parsed.positionals, values, json: values.json === true };
  if (command.needsStore === false) return command.run(context);
  const remote = await runThroughServer(dbPath, command, parsed.positionals, values);
  if (remote !== null) return remote;
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
