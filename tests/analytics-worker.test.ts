/**
 * The channel to the analytics worker (server/analytics-worker/): typed columns cross by moving
 * their memory (the perf note in protocol.ts), a ReportError comes back as one with its fields
 * (a 404, not a 500), and the methods answer as api.ts defines them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interactions } from '../connectors/interactions/index.ts';
import { orgChart } from '../connectors/org-chart/index.ts';
import { AnalyticsWorker } from '../server/analytics-worker/client.ts';
import { ReportError } from '../server/reports/report-error.ts';
import { Store } from '../server/store/database.ts';
import { runImport } from '../server/store/ingest.ts';

const PEOPLE = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];

describe('the analytics worker channel', () => {
  let dir: string;
  let store: Store;
  let connection: Store;
  let worker: AnalyticsWorker;
  /** Every typed array the store handed to the channel for the worker. */
  const handed: ArrayBufferView[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'helpflow-worker-'));
    store = await Store.open(join(dir, 'helpflow.duckdb'));
    writeFileSync(
      join(dir, 'org.csv'),
      [
        'person,name,email,team,manager,title,joined',
        ...PEOPLE.map((id) => `${id},${id},,core,,Engineer,2020-01-01`),
      ].join('\n'),
    );
    const lines = ['id,helper,helped,at,kind,topic,context'];
    for (let i = 0; i < 90; i++) {
      const day = new Date(Date.UTC(2026, 0, 1) + (i % 60) * 86_400_000).toISOString();
      lines.push(`e${i},${PEOPLE[i % 6]},${PEOPLE[(i + 1 + (i % 3)) % 6]},${day},reply,go,chat`);
    }
    writeFileSync(join(dir, 'events.csv'), `${lines.join('\n')}\n`);
    await runImport(store, orgChart, { path: join(dir, 'org.csv'), options: {} });
    await runImport(store, interactions, { path: join(dir, 'events.csv'), options: {} });
    connection = await store.connect();
    // Watches (does not replace) what the real store answers the worker's column queries with.
    const columns = connection.columns.bind(connection);
    connection.columns = async (...args) => {
      const answer = await columns(...args);
      handed.push(...(Object.values(answer) as ArrayBufferView[]));
      return answer;
    };
    worker = new AnalyticsWorker(connection);
  }, 60_000);

  afterAll(async () => {
    await worker?.close();
    connection?.close();
    store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a report, its typed columns moved to the worker rather than copied', async () => {
    const people = await worker.api.report('people', {});
    expect(people.people.map((p) => p.person).sort()).toEqual(PEOPLE);
    expect(handed.length).toBeGreaterThan(0);
    // A transferred ArrayBuffer is detached here: its length is 0.
    for (const array of handed) expect(array.byteLength).toBe(0);
  });

  it('brings a ReportError back as one, with its code, field and status', async () => {
    const failed = await worker.api.personView('nobody', {}).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(ReportError);
    expect(failed).toMatchObject({ code: 'UNKNOWN_PERSON', field: 'id', status: 404 });
  });

  it('fails every call once closed', async () => {
    const closing = new AnalyticsWorker(connection);
    await closing.api.window({});
    await closing.close();
    await expect(closing.api.window({})).rejects.toThrow(/closed/);
  });
});
