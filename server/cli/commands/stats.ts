import { readStats } from '../../store/queries.ts';
import { printJson, type Command } from '../command.ts';
import { count } from '../progress.ts';

export const statsCommand: Command = {
  viaServer: {},
  async run(context) {
    const stats = await readStats(context.store);
    if (context.json) printJson(stats);
    else {
      console.log(`Database ${context.dbPath}`);
      for (const name of Object.keys(stats) as (keyof typeof stats)[]) {
        console.log(`  ${name.padEnd(12)} ${count(stats[name])}`);
      }
    }
    return 0;
  },
};
