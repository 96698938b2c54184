import { AsyncLocalStorage } from 'node:async_hooks';

/** Where a captured command's standard output (1) and error (2) go. */
export type OutputSink = (fd: 1 | 2, text: string) => void;

const sinks = new AsyncLocalStorage<OutputSink>();
let installed = false;

/**
 * Runs `work` with everything it writes to standard output and error (console.log, printJson,
 * process.stdout.write) sent to `sink` instead, so a command run inside the server prints to
 * the terminal of whoever asked for it. Writes from anything else in the process, such as the
 * server's own log, are not touched.
 */
export function captureOutput<T>(sink: OutputSink, work: () => Promise<T>): Promise<T> {
  if (!installed) {
    redirect(process.stdout, 1);
    redirect(process.stderr, 2);
    installed = true;
  }
  return sinks.run(sink, work);
}

function redirect(stream: NodeJS.WriteStream, fd: 1 | 2): void {
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = (chunk: string | Uint8Array, ...rest: unknown[]) => {
    const sink = sinks.getStore();
    if (!sink) return write(chunk, ...rest);
    sink(fd, typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    if (callback) queueMicrotask(callback);
    return true;
  };
}
