import { parentPort, workerData } from 'node:worker_threads';
import { graphFile, type GraphFormat } from '../export/graph-file.ts';
import { graphView, type GraphViewQuery } from '../reports/graph-view.ts';
import { personView } from '../reports/person-view.ts';
import { Reports, type ReportQuery, type ReportsConfig } from '../reports/reports.ts';
import type { FromWorker, SerialisedError, ToWorker } from './protocol.ts';
import { RemoteStore } from './remote-store.ts';

/**
 * The analytics worker: graphs, metrics, communities and layouts are computed here, off the
 * API's thread, so one slow computation never stalls other requests.
 */

const port = parentPort!;
const store = new RemoteStore(port);
const reports = new Reports(store, (workerData ?? {}) as Partial<ReportsConfig>);

const REPORTS = ['people', 'isolation', 'experts', 'communities', 'flows', 'trends'] as const;

const methods: Record<string, (...args: never[]) => Promise<unknown>> = {
  window: (query: ReportQuery) => reports.window(query),
  scope: (query: ReportQuery) => reports.scope(query),
  report: (name: (typeof REPORTS)[number], query: ReportQuery & { search: string }) => {
    if (!REPORTS.includes(name)) throw new Error(`unknown report "${name}"`);
    return reports[name](query);
  },
  graphView: (query: GraphViewQuery) => graphView(reports, query),
  personView: (person: string, query: ReportQuery) => personView(reports, store, person, query),
  exportGraph: (format: GraphFormat, query: ReportQuery) =>
    graphFile(format, reports, store, query),
};

port.on('message', (message: ToWorker) => {
  if (message.type === 'sql-result') store.answer(message.id, message.rows);
  else if (message.type === 'sql-error') store.answer(message.id, null, message.message);
  else void call(message.id, message.method, message.args);
});

async function call(id: number, method: string, args: unknown[]): Promise<void> {
  try {
    const run = methods[method];
    if (!run) throw new Error(`the analytics worker has no method "${method}"`);
    const value = await run(...(args as never[]));
    port.postMessage({ type: 'result', id, value } satisfies FromWorker);
  } catch (caught) {
    const error = caught as Error & Partial<SerialisedError>;
    const serialised: SerialisedError = { name: error.name, message: error.message };
    if (error.code !== undefined) serialised.code = error.code;
    if (error.field !== undefined) serialised.field = error.field;
    if (error.status !== undefined) serialised.status = error.status;
    port.postMessage({ type: 'error', id, error: serialised } satisfies FromWorker);
  }
}
