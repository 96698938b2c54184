/**
 * `npx tsx bench/mbox.ts [--messages N]`: the mbox import benchmark. Writes a seeded mailing-list
 * archive (bench/mbox-archive.ts; 100,000 messages, about 150 MB, by default) into .bench/ and
 * imports it into a fresh database; prints JSON with messages/s, for the connector alone and
 * for the whole import.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { mbox } from '../connectors/mbox/index.ts';
import { Store } from '../server/store/database.ts';
import { runImport } from '../server/store/ingest.ts';
import { writeArchive } from './mbox-archive.ts';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '100000' } } });
const messages = Number(values.messages);
const dir = resolve(import.meta.dirname, '../.bench');
mkdirSync(dir, { recursive: true });
const archive = join(dir, `list-${messages}.mbox`);
const counts = await writeArchive(archive, { messages });

let started = performance.now();
let interactions = 0;
for await (const record of mbox.read({ path: archive, options: {} })) {
  if (record.type === 'interaction') interactions += 1;
}
const connectorSeconds = (performance.now() - started) / 1000;

const db = join(dir, 'mbox.duckdb');
for (const file of [db, `${db}.wal`]) if (existsSync(file)) rmSync(file);
const store = await Store.open(db);
started = performance.now();
const summary = await runImport(store, mbox, { path: archive, options: {} });
const importSeconds = (performance.now() - started) / 1000;
store.close();

const rate = (seconds: number) => Math.round(messages / seconds);
console.log(
  JSON.stringify(
    {
      benchmark: 'mbox',
      messages,
      megabytes: Math.round(counts.bytes / 2 ** 20),
      expectedReplies: counts.replies,
      interactions,
      stored: summary.counts.interactionsStored,
      connectorSeconds: Number(connectorSeconds.toFixed(2)),
      connectorMessagesPerSecond: rate(connectorSeconds),
      importSeconds: Number(importSeconds.toFixed(2)),
      importMessagesPerSecond: rate(importSeconds),
    },
    null,
    2,
  ),
);
