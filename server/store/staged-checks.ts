import { ImportError } from '../../connectors/errors.ts';
import type { Store } from './database.ts';
import type { ImportContext } from './merge.ts';
import { dateBounds } from './value-checks.ts';

/**
 * Checks the records a connector yielded, once they are staged, in one scan: dates that are no
 * date or out of range, weights that are not finite numbers of zero or more, and ids holding
 * U+FFFD (what decoding leaves of bytes that were not UTF-8: such an id names nobody, and would
 * make a phantom account). The first bad record fails the import, named by its source id; with
 * `outOfRangeDates: 'skip'`, dates out of range are skipped and counted instead.
 */
export async function checkStagedInteractions(
  store: Store,
  file: string,
  interactions: string,
  accounts: string,
  context: ImportContext,
): Promise<void> {
  const bounds = dateBounds(context.checks, context.startedAt);
  const at = 'try_cast(occurred_at AS TIMESTAMPTZ)';
  const outOfRange = `(${at} < ${bounds.earliest} OR ${at} > ${bounds.latest})`;
  const checks = [
    { field: 'occurred_at', wrong: `${at} IS NULL`, problem: 'is not a date-time' },
    { field: 'occurred_at', wrong: outOfRange, problem: `is ${bounds.describe}`, range: true },
    {
      field: 'weight',
      wrong: 'weight IS NOT NULL AND NOT (isfinite(weight) AND weight >= 0)',
      problem: 'is not a finite number of zero or more',
    },
    ...(['source_id', 'helper_account', 'helped_account'] as const).map((field) => ({
      field,
      wrong: `contains(${field}, '\uFFFD')`,
      problem: 'holds U+FFFD: the input was not valid UTF-8 there',
    })),
  ];
  const skipRange = context.checks.outOfRangeDates === 'skip';
  const failing = checks.filter((check) => !(skipRange && check.range));
  const row = (await store.one<Record<string, string | number | null>>(
    `SELECT ${failing.map((check, i) => `min(rowid) FILTER (WHERE ${check.wrong})::VARCHAR AS c${i}`).join(', ')},
            count(*) FILTER (WHERE ${outOfRange})::INTEGER AS out_of_range,
            (SELECT min(rowid) FROM ${accounts} WHERE contains(account_id, '\uFFFD'))::VARCHAR AS account
     FROM ${interactions}`,
  ))!;
  let first: { rid: bigint; index: number } | undefined;
  failing.forEach((_check, index) => {
    const value = row[`c${index}`];
    if (value === null || value === undefined) return;
    const rid = BigInt(value);
    if (!first || rid < first.rid) first = { rid, index };
  });
  if (first) {
    const check = failing[first.index]!;
    const bad = (await store.one<{ source: string; id: string; value: string | null }>(
      `SELECT source, source_id AS id, ${check.field}::VARCHAR AS value
       FROM ${interactions} WHERE rowid = $1::BIGINT`,
      [first.rid.toString()],
    ))!;
    const shown =
      check.field.endsWith('account') || bad.value === null
        ? 'the value'
        : JSON.stringify(bad.value);
    throw new ImportError(file, `${shown} ${check.problem}`, {
      record: `${bad.source} item ${JSON.stringify(bad.id)}`,
      field: check.field,
    });
  }
  if (row.account !== null && row.account !== undefined) {
    const bad = (await store.one<{ source: string }>(
      `SELECT source FROM ${accounts} WHERE rowid = $1::BIGINT`,
      [String(row.account)],
    ))!;
    throw new ImportError(file, 'an account id holds U+FFFD: the input was not valid UTF-8 there', {
      record: `${bad.source} account`,
      field: 'account_id',
    });
  }
  const skipped = Number(row.out_of_range);
  if (skipRange && skipped > 0) {
    await store.run(`DELETE FROM ${interactions} WHERE ${outOfRange}`);
    context.skip(`dated ${bounds.describe}`, skipped);
  }
}
