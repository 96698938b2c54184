/**
 * Where uploaded files wait for their import: one folder per upload in the system's temporary
 * folder, named for the server process and the job (`helpflow-upload-<pid>-<job>`). The folder
 * goes when its import ends, whatever the outcome; folders left by a server that was killed are
 * removed when the next one starts (the process id says whose they are).
 */
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PREFIX = 'helpflow-upload-';
const NAMED = /^helpflow-upload-(\d+)-([\w-]+)$/;
/** Folders of the old naming (no process id) are removed once they are this old. */
const UNNAMED_MAX_AGE_MS = 24 * 3600 * 1000;

export async function uploadFolder(jobId: string): Promise<string> {
  const dir = join(tmpdir(), `${PREFIX}${process.pid}-${jobId}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

/** The job an upload's path belongs to, if it is one of ours. */
export function jobOfPath(path: string): string | null {
  for (const part of path.split(/[\\/]/)) {
    const match = NAMED.exec(part);
    if (match) return match[2]!;
  }
  return null;
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the upload folders of servers that are no longer running; returns how many. */
export async function removeStaleUploads(dir = tmpdir()): Promise<number> {
  let removed = 0;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!name.startsWith(PREFIX)) continue;
    const match = NAMED.exec(name);
    const path = join(dir, name);
    const modified = match ? 0 : ((await stat(path).catch(() => null))?.mtimeMs ?? 0);
    const stale = match ? !alive(Number(match[1])) : Date.now() - modified > UNNAMED_MAX_AGE_MS;
    if (!stale) continue;
    await rm(path, { recursive: true, force: true });
    removed += 1;
  }
  return removed;
}
