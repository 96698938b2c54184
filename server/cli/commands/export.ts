import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { readTies } from '../../store/analytics-queries.ts';
import type { TieRow } from '../../analytics/graph.ts';
import { UsageError, stringValue, type Command } from '../command.ts';

export const exportCommand: Command = {
  name: 'export',
  usage: 'export --format csv [--out FILE] [--from ISO] [--to ISO]',
  summary: 'the tie graph: one row per helper and helped person, with weight and count',
  options: {
    format: { type: 'string', default: 'csv' },
    out: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
  },
  help: () =>
    [
      'Writes helper,helped,weight,interactions with person ids (people without an org chart',
      'entry show their source account, e.g. slack:U123). --from is inclusive, --to exclusive;',
      'without them, all of the history. Writes to standard output unless --out is given.',
    ].join('\n'),
  async run(context) {
    const format = stringValue(context, 'format');
    if (format !== 'csv')
      throw new UsageError(`--format "${format}" is not supported; use --format csv`);
    const from = isoOption(context.values.from, 'from');
    const to = isoOption(context.values.to, 'to');
    if (from && to && from >= to) throw new UsageError('--from must be before --to');
    const ties = await readTies(context.store, { from, to });
    const out = stringValue(context, 'out');
    const stream = out ? createWriteStream(out) : process.stdout;
    stream.write(toCsv(ties));
    if (out) {
      (stream as ReturnType<typeof createWriteStream>).end();
      await once(stream, 'finish');
      console.error(`Wrote ${ties.length} ties to ${out}`);
    }
    return 0;
  },
};

function isoOption(value: string | boolean | undefined, name: string): string | undefined {
  if (typeof value !== 'string') return undefined;
  const time = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(time)) {
    throw new UsageError(
      `--${name} "${value}" is not an ISO 8601 date (like 2026-01-31 or 2026-01-31T12:00:00Z)`,
    );
  }
  return new Date(time).toISOString();
}

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
