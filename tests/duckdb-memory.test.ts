/**
 * DuckDB's memory limit (server/store/database.ts): 2 GB unless HELPFLOW_DUCKDB_MEMORY says
 * otherwise, so that no helpflow process grows to DuckDB's own default of 80 % of the machine;
 * a value that is not an amount of memory is refused with the variable's name.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Store } from '../server/store/database.ts';
import { helpflowWithEnv } from './cli-helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'helpflow-memory-'));
const saved = process.env.HELPFLOW_DUCKDB_MEMORY;

afterEach(() => {
  if (saved === undefined) delete process.env.HELPFLOW_DUCKDB_MEMORY;
  else process.env.HELPFLOW_DUCKDB_MEMORY = saved;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** DuckDB's memory limit of a freshly opened store, in bytes (it shows it as "1.8 GiB"). */
async function limitOf(name: string): Promise<number> {
  const store = await Store.open(join(dir, `${name}.duckdb`));
  try {
    const { limit } = (await store.one<{ limit: string }>(
      `SELECT current_setting('memory_limit') AS "limit"`,
    ))!;
    const [, amount, unit] = /^([\d.]+) (KiB|MiB|GiB)$/.exec(limit)!;
    return Number(amount) * 1024 ** (['KiB', 'MiB', 'GiB'].indexOf(unit!) + 1);
  } finally {
    store.close();
  }
}

describe('DuckDB memory limit', () => {
  it('is 2 GB by default, and what HELPFLOW_DUCKDB_MEMORY says', async () => {
    delete process.env.HELPFLOW_DUCKDB_MEMORY;
    // DuckDB shows the limit to one decimal (2 GB is "1.8 GiB"): within 5 %.
    expect(Math.abs((await limitOf('default')) / 2e9 - 1)).toBeLessThan(0.05);
    process.env.HELPFLOW_DUCKDB_MEMORY = '512MB';
    expect(Math.abs((await limitOf('small')) / 512e6 - 1)).toBeLessThan(0.05);
  });

  it('refuses a value that is not an amount of memory, naming the variable', async () => {
    const result = await helpflowWithEnv(
      { HELPFLOW_DUCKDB_MEMORY: 'lots' },
      'stats',
      '--db',
      join(dir, 'refused.duckdb'),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('HELPFLOW_DUCKDB_MEMORY is "lots"');
    expect(result.stderr).toContain('2GB');
  });
});
