import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from '../server/store/database.ts';
import type { ImportSummary } from '../server/store/ingest.ts';
import { helpflow } from './cli-helpers.ts';
import { CONLANG, ROOT, tempDir, writeTemp } from './helpers.ts';

/** The distinct (context, topic) pairs the import stored. */
async function places(db: string): Promise<{ context: string; topic: string }[]> {
  const store = await Store.open(db);
  try {
    return await store.all(
      'SELECT DISTINCT context, topic FROM interactions ORDER BY context, topic',
    );
  } finally {
    store.close();
  }
}

describe('helpflow import for archives', () => {
  it('imports a Stack Exchange dump with --site and --topics', async () => {
    const db = join(tempDir(), 'se.duckdb');
    const topics = writeTemp('tags.csv', 'tag,topic\nscope,site scope\n');
    // The dump is from 2018-2020: older than the default retention, which would delete it.
    const keepAll = writeTemp('helpflow.config.json', '{ "retention": { "days": 0 } }');
    const result = await helpflow(
      'import',
      'stackexchange',
      CONLANG,
      '--site',
      'conlang.stackexchange.com',
      '--topics',
      topics,
      '--config',
      keepAll,
      '--db',
      db,
      '--json',
    );
    expect(result.stderr).toBe('');
    const summary = JSON.parse(result.stdout) as ImportSummary;
    expect(summary).toMatchObject({ connector: 'stackexchange', status: 'succeeded' });
    expect(summary.counts.interactionsStored).toBeGreaterThan(0);
    const found = await places(db);
    expect(new Set(found.map((p) => p.context))).toEqual(new Set(['conlang.stackexchange.com']));
    // Nearly every question of this meta site is tagged "discussion" first: the mapping picks
    // out the tag that says more.
    expect(found.map((p) => p.topic)).toContain('site scope');
    expect(found.map((p) => p.topic)).toContain('discussion');
    expect(found.map((p) => p.topic)).not.toContain('scope');
  });

  it('imports an mbox file with --list and --topics, and fails a bad one with exit 1', async () => {
    const db = join(tempDir(), 'mail.duckdb');
    const topics = writeTemp('tags.json', JSON.stringify({ k8s: 'kubernetes' }));
    const mbox = join(ROOT, 'tests/fixtures/mbox/dev-list.mbox');
    const result = await helpflow(
      'import',
      'mbox',
      mbox,
      '--list',
      'dev',
      '--topics',
      topics,
      '--db',
      db,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/help events: 5 stored/);
    expect(result.stdout).toMatch(/1 {2}parent not in archive/);
    // "[K8s]" is mapped by --topics; "[Docs]" is a subject tag with no mapping, kept as it is.
    expect(await places(db)).toEqual([
      { context: 'dev', topic: 'dev' },
      { context: 'dev', topic: 'docs' },
      { context: 'dev', topic: 'kubernetes' },
    ]);

    const bad = writeTemp('bad.mbox', 'Subject: not a mailbox\n');
    const failed = await helpflow('import', 'mbox', bad, '--db', db);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(`${bad}, line 1: not an mbox file`);
  });
});
