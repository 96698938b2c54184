import { join, dirname, relative } from 'node:path';
import { orgChart } from '../../../connectors/org-chart/index.ts';
import { slackExport } from '../../../connectors/slack-export/index.ts';
import { generateDemo } from '../../../demo/generate.ts';
import { readStats, type Stats } from '../../store/queries.ts';
import type { ImportSummary } from '../../store/ingest.ts';
import { createToken, listTokens, revokeToken } from '../../access/tokens.ts';
import { startServer } from './serve.ts';
import { printJson, stringValue, type Command, type CommandContext } from '../command.ts';

const DEMO_TOKEN_LABEL = 'demo admin';
import { describeImport, importWithProgress } from './import.ts';
import { count } from '../progress.ts';

export const demoCommand: Command = {
  options: {
    out: { type: 'string' },
    seed: { type: 'string' },
    serve: { type: 'boolean', default: false },
    port: { type: 'string' },
    host: { type: 'string' },
  },
  help: () =>
    [
      'Writes the demo organisation to DIR (default: demo/ beside the database) from a fixed',
      'seed, then imports its org chart and its Slack export. Running it again changes nothing.',
      '--serve: then serves it (as `helpflow serve`) and prints a link that opens the dashboard',
      'signed in as the demo admin (a fresh token each time; the previous demo token is revoked).',
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
    if (context.values.serve === true) return serveDemo(context, summaries, stats);
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

async function serveDemo(
  context: CommandContext,
  summaries: ImportSummary[],
  stats: Stats,
): Promise<number> {
  for (const token of await listTokens(context.store)) {
    if (token.label === DEMO_TOKEN_LABEL && !token.revokedAt) {
      await revokeToken(context.store, token.tokenId);
    }
  }
  const { token } = await createToken(context.store, { role: 'admin', label: DEMO_TOKEN_LABEL });
  const { url, stopped } = await startServer(context);
  const link = `${url}/#token=${token}`;
  if (context.json) printJson({ database: context.dbPath, url, link, imports: summaries, stats });
  else {
    for (const summary of summaries) console.log(describeImport(summary, context.dbPath));
    console.log(
      `\nThe demo organisation (${count(stats.people)} people, ${count(stats.interactions)} help events) is served at ${url}\n\n` +
        `  Open the dashboard, signed in as the demo admin:\n  ${link}\n\n` +
        `  API docs: ${url}/api/docs · the token above works as "Authorization: Bearer ${token}"\n` +
        `  Stop with Ctrl-C.`,
    );
  }
  await stopped;
  return 0;
}
