import { createBirpc, type BirpcReturn } from 'birpc';
import type { MessagePort, Worker } from 'node:worker_threads';
import { ReportError } from '../reports/report-error.ts';
import type { StoreReader } from '../store/database.ts';

/**
 * The channel between the API's thread and an analytics worker: birpc (two-way calls over
 * postMessage) in both directions. The API's thread calls the worker's methods (`WorkerApi`,
 * api.ts); the worker sends its SQL back (`StoreApi`) to the thread that owns the DuckDB
 * connection (one process can't open the file twice).
 */

/** What the worker asks of the API's thread: its queries, run on the thread's store. */
export type StoreApi = Pick<StoreReader, 'all' | 'columns'>;

/** A channel serving `local` over `port` and calling `Remote` on the other side. */
export function openChannel<Remote extends object, Local extends object>(
  local: Local,
  port: MessagePort | Worker,
  options: {
    /**
     * Moves (not copies) the memory of the typed arrays an answer is made of: the API's thread
     * sets it, since `Store.columns` makes fresh arrays for each query; the worker does not,
     * since its results may be arrays it keeps in its caches.
     */
    transferAnswers?: boolean;
    /** Wraps each outgoing call (the client keeps the thread alive while one is in flight). */
    onRequest?: (send: () => Promise<unknown>) => Promise<void>;
  } = {},
): BirpcReturn<Remote, Local> {
  return createBirpc<Remote, Local>(local, {
    post: (message: Message) =>
      port.postMessage(message, options.transferAnswers ? buffersOf(message) : []),
    on: (receive) => port.on('message', receive),
    off: (receive) => port.off('message', receive),
    serialize: (message: Message) =>
      message.e === undefined ? message : { ...message, e: serialise(message.e) },
    deserialize: (message: Message) =>
      message.e === undefined ? message : { ...message, e: revive(message.e as SerialisedError) },
    // A report may take minutes on a large organisation; a worker that dies fails its calls.
    timeout: -1,
    onRequest: options.onRequest && ((_request, next) => options.onRequest!(() => next())),
  });
}

/** birpc's messages, as far as this channel looks into them: a result `r` or an error `e`. */
interface Message {
  t: string;
  r?: unknown;
  e?: unknown;
}

/** The typed arrays' memory in an answer of typed columns (`{ column: Int32Array, … }`). */
function buffersOf(message: Message): ArrayBuffer[] {
  const result = message.r;
  if (message.t !== 's' || !result || typeof result !== 'object' || Array.isArray(result)) {
    return [];
  }
  return Object.values(result)
    .filter((value) => ArrayBuffer.isView(value))
    .map((view) => view.buffer as ArrayBuffer);
}

/**
 * An error as it crosses: structured cloning keeps only an error's message, so a `ReportError`
 * (a bad parameter, an unknown id: a 400 or 404, not a 500) carries its fields across.
 */
interface SerialisedError {
  name: string;
  message: string;
  report?: { code: string; field: string | undefined; status: number };
}

function serialise(caught: unknown): SerialisedError {
  const error = caught instanceof Error ? caught : new Error(String(caught));
  const serialised: SerialisedError = { name: error.name, message: error.message };
  if (error instanceof ReportError) {
    serialised.report = { code: error.code, field: error.field, status: error.status };
  }
  return serialised;
}

function revive(error: SerialisedError): Error {
  if (error.report) {
    const { code, field, status } = error.report;
    return new ReportError(code, error.message, field, status);
  }
  return Object.assign(new Error(error.message), { name: error.name });
}
