import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { ImportRecord, JobResponse } from '../api/responses.ts';
import type { ImportJob, JobEvent } from '../api/import-jobs.ts';
import type { ImportRun } from '../store/queries.ts';
import type { Viewer } from './viewer.ts';

/**
 * Imports as a viewer may see them. Uploads are staged in a temporary folder, which says
 * nothing to anyone and is never shown. Non-admins (analysts read the history) see file names
 * rather than server paths, and errors that name the file, line and field without the value
 * found there: the value is a piece of the uploaded data.
 */

/** The folder uploads are staged in (see api/upload-folders.ts). */
export const UPLOAD_PREFIX = join(tmpdir(), 'helpflow-upload-');

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const STAGING = new RegExp(`${escape(UPLOAD_PREFIX)}[^/\\\\]*[/\\\\]`, 'g');
/** Folders of an absolute path, before its last part. */
const FOLDERS = /(?:[A-Za-z]:)?(?:[/\\][^\s/\\:,"']+)+[/\\](?=[^\s/\\:,"']+)/g;
/** A quoted value in a problem: what the file held. */
const QUOTED = /"[^"]*"|'[^']*'|`[^`]*`/g;

/** Text about an import as this viewer may read it. */
export function importText(text: string, viewer: Viewer): string {
  const staged = text.replace(STAGING, '');
  if (viewer.role === 'admin') return staged;
  return staged.replace(FOLDERS, '');
}

/**
 * An import error for this viewer: `file, line N, field "x": problem`, the problem's quoted
 * values replaced for non-admins.
 */
export function importError(error: string, viewer: Viewer): string {
  const text = importText(error, viewer);
  if (viewer.role === 'admin') return text;
  const field = /^(.*?field "[^"]*"): /s.exec(text) ?? /^(.*?): /s.exec(text);
  const place = field ? field[1]! : '';
  const problem = field ? text.slice(field[0].length) : text;
  return `${place ? `${place}: ` : ''}${problem.replace(QUOTED, '(value not shown)')}`;
}

export function presentImports(runs: ImportRun[], viewer: Viewer): ImportRecord[] {
  return runs.map((run) => ({
    importId: run.importId,
    connector: run.connector,
    origin:
      viewer.role === 'admin'
        ? importText(run.origin, viewer)
        : basename(importText(run.origin, viewer)),
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    status: run.status,
    counts: run.counts,
    skipped: run.skipped,
    error: run.error === null ? null : importError(run.error, viewer),
    removed: run.removed,
  }));
}

/** An upload job (admins only): no staging folder in its origin or error. */
export function presentJobEvent(event: JobEvent, viewer: Viewer): JobEvent {
  if (event.type === 'failed') return { type: 'failed', error: importError(event.error, viewer) };
  if (event.type === 'succeeded') {
    const { summary } = event;
    return {
      type: 'succeeded',
      summary: {
        ...summary,
        origin: importText(summary.origin, viewer),
        ...(summary.error === undefined ? {} : { error: importError(summary.error, viewer) }),
      },
    };
  }
  return event;
}

export function presentJob(job: ImportJob, viewer: Viewer): JobResponse {
  return {
    id: job.id,
    connector: job.connector,
    fileName: job.fileName,
    state: job.state,
    startedAt: job.startedAt,
    last: presentJobEvent(job.last, viewer) as JobResponse['last'],
    events: `/api/v1/imports/jobs/${job.id}/events`,
  };
}
