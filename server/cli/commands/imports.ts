import { readImports } from '../../store/queries.ts';
import { printJson, type Command } from '../command.ts';
import { count } from '../progress.ts';

export const importsCommand: Command = {
  viaServer: {},
  async run(context) {
    const runs = await readImports(context.store);
    if (context.json) {
      printJson(runs);
      return 0;
    }
    if (runs.length === 0) console.log('No imports yet: try `helpflow import --help`.');
    for (const run of runs) {
      console.log(
        `#${run.importId} ${run.startedAt} ${run.connector} ${run.status}: ${run.origin}`,
      );
      if (run.error) console.log(`    error: ${run.error}`);
      for (const [table, n] of Object.entries(run.removed ?? {})) {
        console.log(`    removed on open: ${count(n)} rows of ${table}`);
      }
      const stored = run.counts.interactionsStored ?? 0;
      const present = run.counts.interactionsAlreadyPresent ?? 0;
      console.log(
        `    ${count(stored)} help events stored, ${count(present)} already present, ` +
          `${count(run.counts.peopleNew ?? 0)} new people`,
      );
      for (const [reason, n] of Object.entries(run.skipped)) {
        console.log(`    skipped ${count(n)}: ${reason}`);
      }
    }
    return 0;
  },
};
