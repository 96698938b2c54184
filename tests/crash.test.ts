/**
 * Integrity on open, under real crashes: `helpflow import` and `helpflow serve` are killed with
 * SIGKILL at staged moments of an interchange import (found by polling the database file and
 * its WAL), and the next open must find all of the import or none of it. The import is big
 * enough that DuckDB writes row groups to the file before the commit and the commit takes
 * several writes to the WAL; bench/crash.ts runs the same kills on the 3 M rows.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgChart } from '../connectors/org-chart/index.ts';
import { createToken } from '../server/access/tokens.ts';
import { buildApp } from '../server/app.ts';
import { Store } from '../server/store/database.ts';
import { runImport } from '../server/store/ingest.ts';
import { writeWorkload } from '../bench/workloads.ts';
import {
  crashCliImport,
  crashServeImport,
  inspectAfterCrash,
  type CrashRun,
  type CrashStage,
} from '../bench/crash-harness.ts';
import { interactions } from '../connectors/interactions/index.ts';

const ROWS = 150_000;
let dir: string;
let events: string;
let base: string;
let token: string;
let expected: number;

beforeAll(async () => {
  // One folder for the whole file: each test crashes a copy of the database prepared here.
  dir = mkdtempSync(join(tmpdir(), 'helpflow-crash-'));
  const files = await writeWorkload(dir, { name: 'crash', people: 500, interactions: ROWS });
  events = files.events;
  base = join(dir, 'base.duckdb');
  const store = await Store.open(base);
  await runImport(store, orgChart, { path: files.orgChart, options: {} });
  token = (await createToken(store, { role: 'admin' })).token;
  // What a whole import stores, counted by DuckDB's reader, not by the pipeline under test.
  expected = (await store.one<{ n: number }>(
    `SELECT count(DISTINCT id) FILTER (WHERE helper <> helped)::INTEGER AS n
     FROM read_csv('${events}')`,
  ))!.n;
  store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh copy of the prepared database (org chart imported as #1, so the crashed run is #2). */
function copyOfBase(name: string): string {
  const path = join(dir, `${name}.duckdb`);
  copyFileSync(base, path);
  return path;
}

function expectAllOrNothing(after: Awaited<ReturnType<typeof inspectAfterCrash>>, run: CrashRun) {
  const where = `${run.via} killed at ${run.stage} (file ${run.db} B, WAL ${run.wal} B, ${run.ms} ms)`;
  expect(after.withoutAccounts, where).toBe(0);
  expect(after.withoutImport, where).toBe(0);
  expect(after.weeklyTiesOff, where).toBe(0);
  expect(after.unfinished, where).toBe(0);
  if (after.status === 'succeeded') expect(after.interactions, where).toBe(expected);
  else {
    expect(after.status, where).toBe('interrupted');
    expect(after.interactions, where).toBe(0);
  }
}

// One at a time: concurrent kills compete for the CPU and miss their stages on a loaded machine.
describe('kill -9 during an import', () => {
  // `logged` (killed before any data is written) is left to bench/crash.ts: it is the case
  // tests/integrity.test.ts builds by hand, and each kill here costs a process start.
  const outcomes: Record<Exclude<CrashStage, 'logged'>, string | null> = {
    writing: 'interrupted',
    commit: null, // either, as long as it is all or nothing
    checkpoint: 'succeeded',
  };
  for (const stage of ['writing', 'commit', 'checkpoint'] as const) {
    it(`of the CLI at ${stage} leaves all or nothing`, async () => {
      const db = copyOfBase(`cli-${stage}`);
      const run = await crashCliImport(db, events, stage);
      expect(run.killed, `the import ended before ${stage}`).toBe(true);
      const after = await inspectAfterCrash(db, 2);
      expectAllOrNothing(after, run);
      if (outcomes[stage]) expect(after.status).toBe(outcomes[stage]);
      // Reopening finds nothing more to do, and the file takes the same import again.
      expect(await inspectAfterCrash(db, 2)).toEqual(after);
      if (stage === 'commit') {
        const store = await Store.open(db);
        try {
          const summary = await runImport(store, interactions, { path: events, options: {} });
          expect(summary.importId).toBe(3);
          expect(
            summary.counts.interactionsStored + summary.counts.interactionsAlreadyPresent,
          ).toBe(expected);
        } finally {
          store.close();
        }
      }
    });
  }

  for (const stage of ['writing', 'commit'] as const) {
    it(`of serve during an upload at ${stage} leaves all or nothing`, async () => {
      const db = copyOfBase(`serve-${stage}`);
      const run = await crashServeImport(db, events, token, stage);
      expect(run.uploadFolder, 'the upload was staged').toMatch(/^helpflow-upload-\d+-/);
      const after = await inspectAfterCrash(db, 2);
      expectAllOrNothing(after, run);
      if (stage === 'writing') expect(after.status).toBe('interrupted');
      // The next server removes the dead one's upload and says what became of the job.
      const store = await Store.open(db);
      const app = await buildApp({ store, config: { rateLimit: 0 } });
      try {
        expect(existsSync(join(tmpdir(), run.uploadFolder!))).toBe(false);
        const response = await app.inject({
          url: `/api/v1/imports/jobs/${run.jobId}`,
          headers: { authorization: `Bearer ${token}` },
        });
        expect(response.statusCode).toBe(200);
        expect(response.json().state).toBe(after.status);
      } finally {
        await app.close();
        store.close();
      }
    });
  }
});
