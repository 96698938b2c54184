/**
 * `helpflow brief` on a real DuckDB file holding the small privacy organisation: as admin it
 * names the flagged people; as an analyst it names none of them, and refuses a team below the
 * minimum group size, as the API does. (The dashboard test prints the brief to PDF.)
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { interactions } from '../connectors/interactions/index.ts';
import { orgChart } from '../connectors/org-chart/index.ts';
import { Reports } from '../server/reports/reports.ts';
import { Store } from '../server/store/database.ts';
import { runImport } from '../server/store/ingest.ts';
import { helpflow } from './cli-helpers.ts';
import { writeTemp } from './helpers.ts';
import { eventsCsv, orgChartCsv, PEOPLE } from './privacy-org.ts';

const dir = mkdtempSync(join(tmpdir(), 'helpflow-brief-'));
const db = join(dir, 'brief.duckdb');
let flaggedNames: string[] = [];

/** Someone who helped often early on and then went quiet: flagged in the latest window. */
const OLA = { id: 'pid-ola1', name: 'Ola Quiet', team: 'data', manager: 'pid-dan1' };

function olaEvents(): string {
  const lines: string[] = [];
  for (let day = 20; day < 80; day += 3) {
    const at = new Date(Date.UTC(2026, 0, 5) + day * 86_400_000).toISOString();
    lines.push(`ola${day},${OLA.id},pid-dan${2 + (day % 4)},${at},reply,postgres,#help,`);
  }
  return lines.join('\n');
}

beforeAll(async () => {
  const store = await Store.open(db);
  const people = [...PEOPLE, OLA];
  await runImport(store, orgChart, {
    path: writeTemp('org.csv', orgChartCsv(people)),
    options: {},
  });
  await runImport(store, interactions, {
    path: writeTemp('events.csv', `${eventsCsv()}\n${olaEvents()}`),
    options: {},
  });
  const names = new Map(people.map((p) => [p.id, p.name]));
  const report = await new Reports(store).isolation();
  flaggedNames = report.people
    .filter((p) => p.flags.length > 0 && names.has(p.person))
    .map((p) => names.get(p.person)!);
  store.close();
}, 60_000);

describe('helpflow brief', () => {
  it('writes a self-contained HTML brief, naming the flagged people for an admin only', async () => {
    expect(flaggedNames.length).toBeGreaterThan(0);
    const admin = join(dir, 'admin.html');
    const made = await helpflow('brief', '--db', db, '--out', admin);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(made.stdout).toContain('as admin');
    const html = readFileSync(admin, 'utf8');
    expect(html).not.toMatch(/<script|<link|src=/i);
    expect(html).toContain(`People flagged (${flaggedNames.length})`);
    for (const name of flaggedNames.slice(0, 8)) expect(html).toContain(name);

    const analyst = join(dir, 'analyst.html');
    expect((await helpflow('brief', '--db', db, '--out', analyst, '--role', 'analyst')).code).toBe(
      0,
    );
    const theirs = readFileSync(analyst, 'utf8');
    const flaggedPart = theirs.slice(
      theirs.indexOf('People flagged'),
      theirs.indexOf('Communities ('),
    );
    for (const name of flaggedNames) expect(flaggedPart).not.toContain(name);
    // Ids never appear, for any role.
    for (const p of PEOPLE) expect(theirs).not.toContain(p.id);
  });

  it('refuses a small team for an analyst, and a missing --out, with the reason', async () => {
    const tiny = await helpflow(
      'brief',
      '--db',
      db,
      '--out',
      join(dir, 't.html'),
      '--role',
      'analyst',
      '--team',
      'tiny',
    );
    expect(tiny.code).toBe(2);
    expect(tiny.stderr).toMatch(/team "tiny" has fewer than 5 people/);
    const noOut = await helpflow('brief', '--db', db);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/--out FILE/);
  });
});
