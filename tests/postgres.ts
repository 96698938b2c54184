import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { userInfo } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A private PostgreSQL 15 cluster from Debian's `postgresql` package, in a temporary folder:
 * no TCP port (a Unix socket in that folder), no fsync, trust authentication. It takes about
 * 2.5 s to make and start, and leaves nothing behind.
 */

const BIN = '/usr/lib/postgresql/15/bin';

/** Why PostgreSQL cannot run here, or null when it can. */
export function postgresMissing(): string | null {
  if (!existsSync(join(BIN, 'initdb')) || !existsSync(join(BIN, 'psql'))) {
    return `PostgreSQL 15 is not installed (${BIN}; apt-get install postgresql)`;
  }
  if (userInfo().uid === 0 && !existsSync('/usr/sbin/runuser')) {
    return 'running as root without runuser, PostgreSQL cannot be started as its own user';
  }
  return null;
}

export interface Postgres {
  /** Runs SQL with psql (stops at the first error) and returns what it printed, unaligned. */
  psql(sql: string, env?: Record<string, string>): string;
  stop(): void;
}

/** PostgreSQL refuses to run as root: as root, the server runs as the `postgres` user. */
function asServerUser(command: string, args: string[]): void {
  if (userInfo().uid === 0) {
    execFileSync('/usr/sbin/runuser', ['-u', 'postgres', '--', command, ...args], {
      stdio: 'pipe',
    });
  } else {
    execFileSync(command, args, { stdio: 'pipe' });
  }
}

export function startPostgres(): Postgres {
  const dir = mkdtempSync(join(tmpdir(), 'helpflow-pg-'));
  if (userInfo().uid === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  // Any port: with no TCP listener it only names the socket file, in a folder of our own.
  const port = '5432';
  asServerUser(join(BIN, 'initdb'), [
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    'postgres',
    '-E',
    'UTF8',
    '--locale=C',
    '--no-sync',
  ]);
  asServerUser(join(BIN, 'pg_ctl'), [
    '-D',
    data,
    '-w',
    '-l',
    join(dir, 'server.log'),
    '-o',
    `-k ${dir} -c listen_addresses= -p ${port} -c fsync=off`,
    'start',
  ]);
  return {
    psql(sql, env = {}) {
      return execFileSync(
        join(BIN, 'psql'),
        ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', dir, '-p', port, '-U', 'postgres'],
        { input: sql, env: { ...process.env, ...env }, maxBuffer: 1 << 28 },
      ).toString();
    },
    stop() {
      try {
        asServerUser(join(BIN, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
