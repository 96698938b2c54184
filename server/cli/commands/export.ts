import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { write as writeGexf } from 'graphology-gexf';
import type { TieRow } from '../../analytics/graph.ts';
import { annotatedGraph } from '../../export/network.ts';
import { writeGraphml } from '../../export/graphml.ts';
import { Reports, checkTime } from '../../reports/reports.ts';
import { readTies } from '../../store/analytics-queries.ts';
import { UsageError, stringValue, type Command } from '../command.ts';

const FORMATS = ['csv', 'gexf', 'graphml'];

export const exportCommand: Command = {
  name: 'export',
  usage: 'export --format csv|gexf|graphml [--out FILE] [--from ISO] [--to ISO]',
  summary: 'the tie graph, for spreadsheets (CSV) or Gephi (GEXF, GraphML)',
  viaServer: { pathOptions: ['out'] },
  options: {
    format: { type: 'string', default: 'csv' },
    out: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
  },
  help: () =>
    [
      'csv: helper,helped,weight,interactions, one row per tie, with person ids (people without',
      'an org chart entry show their source account, e.g. slack:U123).',
      "gexf, graphml: the tie graph with each person's name, team, community, PageRank,",
      "betweenness and isolation flags, and each tie's weight and interactions.",
      '--from is inclusive, --to exclusive; without them, all of the history. Writes to standard',
      'output unless --out is given.',
    ].join('\n'),
  async run(context) {
    const format = stringValue(context, 'format')!;
    if (!FORMATS.includes(format)) {
      throw new UsageError(`--format "${format}" is not supported; use ${FORMATS.join(', ')}`);
    }
    const reports = new Reports(context.store);
    const allTime = await reports.allTime();
    const from = checkTime(stringValue(context, 'from'), '--from') ?? allTime.from;
    const to = checkTime(stringValue(context, 'to'), '--to') ?? allTime.to;
    if (from >= to) throw new UsageError('--from must be before --to');
    let text: string;
    let what: string;
    if (format === 'csv') {
      const ties = await readTies(context.store, { from, to });
      text = toCsv(ties);
      what = `${ties.length} ties`;
    } else {
      const graph = await annotatedGraph(reports, { from, to });
      text = format === 'gexf' ? writeGexf(graph) : writeGraphml(graph);
      what = `${graph.order} people and ${graph.size} ties`;
    }
    const out = stringValue(context, 'out');
    if (!out) {
      process.stdout.write(text);
      return 0;
    }
    const stream = createWriteStream(out);
    stream.end(text);
    await once(stream, 'finish');
    console.error(`Wrote ${what} to ${out}`);
    return 0;
  },
};

export function toCsv(ties: TieRow[]): string {
  const lines = ['helper,helped,weight,interactions'];
  for (const tie of ties) {
    lines.push(
      [csvField(tie.helper), csvField(tie.helped), tie.weight, tie.interactions].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
