/**
 * The production build, installed as an operator would: a copy of the checkout is built
 * (`npm run build`, with the checkout's development tools), then installed without them
 * (`npm ci --omit=dev`: no TypeScript, tsx or Vite), and its `helpflow` imports, serves the
 * dashboard and answers a report through the analytics worker, all from dist/.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir, writeTemp } from './helpers.ts';
import { startServeOf } from './serve-process.ts';

const run = promisify(execFile);

/**
 * What the build needs of the checkout: no tests, benchmarks or earlier builds. `sql/` holds
 * the weekly-ties contract, which the store reads at run time.
 */
const SHIPPED = [
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'bin',
  'scripts',
  'server',
  'connectors',
  'web',
  'sql',
];

/** Records every package that a process loads, one name per line, in the file $LOAD_TRACE. */
const TRACE_HOOKS = `
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  if (!/^(node:|\\.|\\/|file:)/.test(specifier)) appendFileSync(process.env.LOAD_TRACE, specifier + '\\n');
  return next(specifier, context);
}`;

describe('a production install', () => {
  it('builds, installs without development dependencies, and serves from the build', async () => {
    const copy = tempDir();
    for (const path of SHIPPED) {
      cpSync(join(ROOT, path), join(copy, path), {
        recursive: true,
        filter: (source) => !/[/\\](dist|node_modules)$/.test(source),
      });
    }
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
    await run('npm', ['run', 'build'], { cwd: copy });
    rmSync(join(copy, 'node_modules'));
    await run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], {
      cwd: copy,
    });
    for (const devOnly of ['typescript', 'tsx', 'vite', 'vitest']) {
      expect(existsSync(join(copy, 'node_modules', devOnly))).toBe(false);
    }

    const bin = join(copy, 'bin/helpflow.js');
    const dir = tempDir();
    const db = join(dir, 'helpflow.duckdb');
    const helpflow = (...args: string[]) =>
      run(process.execPath, [bin, ...args, '--db', db], { cwd: copy });

    // Each command loads only what it needs: --help none of the heavy packages, stats DuckDB.
    const hooks = join(dir, 'hooks.mjs');
    writeFileSync(hooks, TRACE_HOOKS);
    const register = join(dir, 'register.mjs');
    writeFileSync(
      register,
      `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${hooks}`)});\n`,
    );
    const loads = async (...args: string[]) => {
      const trace = join(dir, `trace-${args.join('-')}.txt`);
      writeFileSync(trace, '');
      await run(process.execPath, ['--import', register, bin, ...args, '--db', db], {
        cwd: copy,
        env: { ...process.env, LOAD_TRACE: trace },
      });
      return new Set(readFileSync(trace, 'utf8').split('\n').filter(Boolean));
    };
    const heavy = ['@duckdb/node-api', 'fastify', 'graphology'];
    const help = await loads('--help');
    expect(heavy.filter((name) => help.has(name))).toEqual([]);
    const stats = await loads('stats');
    expect(heavy.filter((name) => stats.has(name))).toEqual(['@duckdb/node-api']);

    const org = writeTemp(
      'org.csv',
      [
        'person,name,email,team,manager,title,joined',
        'a,Ana,ana@x.org,core,,Lead,2020-01-01',
        'b,Ben,ben@x.org,core,a,Eng,2020-01-01',
        'c,Cy,cy@x.org,data,a,Analyst,2020-01-01',
      ].join('\n'),
    );
    const events = writeTemp(
      'events.csv',
      [
        'id,helper,helped,at,kind,topic,context,weight',
        '1,a,b,2026-03-01T10:00:00Z,answer,go,#core,',
        '2,b,c,2026-03-02T10:00:00Z,answer,go,#core,',
        '3,c,a,2026-03-03T10:00:00Z,review,sql,#data,',
      ].join('\n'),
    );
    await helpflow('import', 'org-chart', org);
    await helpflow('import', 'interactions', events);
    const created = await helpflow('token', 'create', '--role', 'admin', '--json');
    const { token } = JSON.parse(created.stdout) as { token: string };

    const server = await startServeOf({ bin, cwd: copy }, db);
    try {
      const page = await fetch(`${server.url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<script type="module"');
      const graph = await fetch(`${server.url}/api/v1/graph?from=2026-01-01&to=2026-06-01`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(graph.status).toBe(200);
      const body = (await graph.json()) as { total: { people: number; ties: number } };
      expect(body.total.ties).toBe(3);
    } finally {
      await server.stop();
    }
  }, 300_000);
});
