import { join, dirname, relative } from 'node:path';
import { orgChart } from '../../../connectors/org-chart/index.ts';
import { slackExport } from '../../../connectors/slack-export/index.ts';
import { generateDemo } from '../../demo/generate.ts';
import { readStats } from '../../store/queries.ts';
import { printJson, stringValue, type Command } from '../command.ts';
import { describeImport, importWithProgress } from './import.ts';
import { count } from '../progress.ts';

export const demoCommand: Command = {
  name: 'demo',
  usage: 'demo [--out DIR] [--seed N]',
  summary: 'generate the demo organisation (a Slack export and an org chart) and import it',
  options: {
    out: { type: 'string' },
    seed: { type: 'string' },
  },
  help: () =>
    [
      'Writes the demo organisation to DIR (default: demo/ beside the database) from a fixed',
      'seed, then imports its org chart and its Slack export. Running it again changes nothing.',
    ].join('\n'),
  async run(context) {
    const outDir = stringValue(context, 'out') ?? join(dirname(context.dbPath), 'demo');
    const seedText = stringValue(context, 'seed');
    const seed = seedText === undefined ? undefined : Number(seedText);
    if (seed !== undefined && !Number.isInteger(seed)) {
      throw new Error(`--seed "${seedText}" is not a whole number`);
    }
    if (!context.json)
      console.log(`Generating the demo organisation in ${relative('.', outDir) || '.'} …`);
    await generateDemo({ outDir, ...(seed === undefined ? {} : { seed }) });
    const summaries = [];
    for (const [connector, path] of [
      [orgChart, join(outDir, 'org-chart.csv')],
      [slackExport, join(outDir, 'slack-export')],
    ] as const) {
      summaries.push(await importWithProgress(context.store, connector, { path, options: {} }));
    }
    const stats = await readStats(context.store);
    if (context.json) {
      printJson({ database: context.dbPath, demo: outDir, imports: summaries, stats });
      return 0;
    }
    for (const summary of summaries) console.log(describeImport(summary, context.dbPath));
    console.log(
      `\nThe demo organisation is in ${context.dbPath}: ${count(stats.people)} people, ` +
        `${count(stats.interactions)} help events.\n` +
        `Look at it with: npx helpflow report isolation · npx helpflow report flows ·\n` +
        `  npx helpflow report experts --topic kubernetes · npx helpflow export --format gexf --out demo.gexf`,
    );
    return 0;
  },
};
