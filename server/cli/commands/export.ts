import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { GRAPH_FORMATS, graphFile, type GraphFormat } from '../../export/graph-file.ts';
import { describeScope } from '../../export/network.ts';
import { exportInteractionsParquet, ExportError } from '../../export/parquet.ts';
import { FILTER_OPTIONS, reportFilters } from '../../reports/filters.ts';
import { Reports, checkTime } from '../../reports/reports.ts';
import { UsageError, stringValue, type Command } from '../command.ts';

const FORMATS = [...GRAPH_FORMATS, 'parquet'];

export const exportCommand: Command = {
  viaServer: { pathOptions: ['out'] },
  options: {
    format: { type: 'string', default: 'csv' },
    out: { type: 'string' },
    ...FILTER_OPTIONS,
  },
  help: () =>
    [
      'csv: helper,helped,weight,interactions, one row per tie, with person ids (people without',
      'an org chart entry show their source account, e.g. slack:U123).',
      "gexf, graphml: the tie graph with each person's name, team, community, PageRank,",
      "betweenness and isolation flags, and each tie's weight and interactions.",
      'The window and filters are those of `helpflow report`: [--from, --to), by default the 90',
      'days ending at the newest activity of the sources selected (--source, else all), so an',
      'export shows the same network as the reports. Which sources cover the window, and any',
      'warning about one that covers only part of it, go to standard error (and into the GEXF /',
      "GraphML file's description). Writes to standard output unless --out is given.",
      '',
      'parquet: the interactions themselves (not ties), for an engine of your own, into --out DIR',
      '(a new or empty folder) in Hive layout, month=YYYY-MM/source=S/data_0.parquet, with the',
      'columns sql/weekly-ties.sql reads (docs/weekly-ties.md). The whole history unless --from',
      '/ --to say otherwise; --team, --topic, --source and --kind filter as for the reports.',
      'Help by bots and by or for people who opted out is left out.',
    ].join('\n'),
  async run(context) {
    const format = stringValue(context, 'format')!;
    if (!FORMATS.includes(format)) {
      throw new UsageError(`--format "${format}" is not supported; use ${FORMATS.join(', ')}`);
    }
    const reports = new Reports(context.store);
    const query = reportFilters((name) => stringValue(context, name));
    // Checked here too, so that the error names the option as it was typed.
    const from = checkTime(query.from, '--from');
    const to = checkTime(query.to, '--to');
    if (format === 'parquet') {
      const out = stringValue(context, 'out');
      if (!out) throw new UsageError('--format parquet writes a folder: give it --out DIR');
      try {
        const done = await exportInteractionsParquet(context.store, out, { ...query, from, to });
        console.error(
          `Wrote ${done.rows} interactions to ${out} (${done.files} Parquet files, by month and source)`,
        );
      } catch (error) {
        if (error instanceof ExportError) throw new UsageError(error.message);
        throw error;
      }
      return 0;
    }
    // The reports' own window, so that an export and a report of the same query agree.
    const scope = await reports.scope(query);
    const filters = { ...query, ...scope.window };
    for (const line of describeScope(scope)) console.error(line);
    const { text, people, ties } = await graphFile(
      format as GraphFormat,
      reports,
      context.store,
      filters,
    );
    const what = people === null ? `${ties} ties` : `${people} people and ${ties} ties`;
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
