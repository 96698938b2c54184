import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { columnsHolding, expectNotStored } from './connector-helpers.ts';

/**
 * expectNotStored, the check every connector's privacy test leans on, must see planted text
 * wherever it is stored, also where DuckDB compressed it out of the file's plain bytes.
 */
const SECRET = 'PLANTED-SECRET-TEXT-check-4d2a';

describe('expectNotStored', () => {
  it('finds text DuckDB compressed, which the file bytes no longer show', async () => {
    let path = '';
    const search = expectNotStored(SECRET, async (store) => {
      // Many messages that share the text: DuckDB stores them compressed (FSST) on checkpoint.
      await store.run(
        `CREATE TABLE leak AS
         SELECT i AS n, 'message ' || i || ': ' || $1 AS text FROM range(5000) t(i)`,
        [SECRET],
      );
      await store.run('CHECKPOINT');
      path = store.path;
      expect(await columnsHolding(store, SECRET)).toEqual(['leak.text']);
    });
    await expect(search).rejects.toThrow(/leak\.text/);
    // What the byte search alone would have said: nothing there.
    expect(readFileSync(path).includes(Buffer.from(SECRET))).toBe(false);
  });

  it('finds text in a list column, and text kept whole in the file', async () => {
    const search = expectNotStored(SECRET, async (store) => {
      await store.run('CREATE TABLE tags (topics VARCHAR[])');
      await store.run('INSERT INTO tags VALUES ([$1])', [`x ${SECRET} y`]);
    });
    await expect(search).rejects.toThrow(/tags\.topics/);
  });

  it('passes a database that holds no such text', async () => {
    await expectNotStored(SECRET, async (store) => {
      await store.run('CREATE TABLE clean AS SELECT i, i::VARCHAR AS text FROM range(100) t(i)');
    });
  });
});
