import type { Api } from '../api/client.ts';
import type { ImportJob, JobEvent } from '../api/types.ts';
import { readServerEvents } from './server-events.ts';

/**
 * Uploads a file for a connector and follows its import: the server answers 202 with a job at
 * once, then its events say where the import is, until it succeeded or failed. No DOM here.
 */
export async function uploadAndFollow(
  api: Api,
  connector: string,
  file: File,
  onEvent: (event: JobEvent) => void,
  signal?: AbortSignal,
): Promise<JobEvent> {
  const body = new FormData();
  body.append('file', file, file.name);
  const job = await api.post<ImportJob>('/imports', { connector }, body);
  const response = await api.fetch(
    `/imports/jobs/${encodeURIComponent(job.id)}/events`,
    {},
    { signal },
  );
  let last: JobEvent = { type: 'queued' };
  for await (const event of readServerEvents(response)) {
    last = JSON.parse(event.data) as JobEvent;
    onEvent(last);
    if (last.type === 'succeeded' || last.type === 'failed') break;
  }
  return last;
}
