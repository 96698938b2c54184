/**
 * The dashboard's DOM-free parts, in Node: reading server-sent events from a byte stream cut
 * anywhere, the fragment routes, and the topics a suggested introduction is based on.
 */
import { describe, expect, it } from 'vitest';
import type { CommunitiesReport } from '../web/src/api/types.ts';
import { readServerEvents } from '../web/src/imports/server-events.ts';
import { compare, toCsv, type ValueColumn } from '../web/src/ui/table-values.ts';
import { parseRoute, routeHash } from '../web/src/router.ts';
import { teamTopics } from '../web/src/views/suggestions.ts';

/** A response whose body arrives in the given pieces, as a network would cut it. */
function streamed(pieces: string[]): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(encoder.encode(piece));
      controller.close();
    },
  });
  return new Response(body);
}

async function collect(response: Response) {
  const events = [];
  for await (const event of readServerEvents(response)) events.push(event);
  return events;
}

describe('server-sent events', () => {
  const text =
    ': a comment line\n' +
    'event: progress\ndata: {"type":"progress","progress":{"records":10}}\n\n' +
    'event: succeeded\r\ndata: {"type":"succeeded",\r\ndata: "summary":{}}\r\n\r\n';

  it('reads every event whole, wherever the stream is cut', async () => {
    const whole = await collect(streamed([text]));
    expect(whole.map((e) => e.type)).toEqual(['progress', 'succeeded']);
    expect(JSON.parse(whole[0]!.data).progress.records).toBe(10);
    // Several data lines make one value, joined by newlines.
    expect(JSON.parse(whole[1]!.data)).toEqual({ type: 'succeeded', summary: {} });
    for (let cut = 1; cut < text.length; cut += 7) {
      const pieces = [text.slice(0, cut), text.slice(cut, cut + 3), text.slice(cut + 3)];
      expect(await collect(streamed(pieces))).toEqual(whole);
    }
  });

  it('leaves out an unfinished event at the end of the stream', async () => {
    const events = await collect(streamed(['data: {"a":1}\n\ndata: {"b"']));
    expect(events).toEqual([{ type: 'message', data: '{"a":1}' }]);
  });
});

describe('routes', () => {
  it('reads views, ids and parameters back from the links it makes', () => {
    const hash = routeHash('person', 'slack:U0 1/x', { tab: 'a&b' });
    expect(parseRoute(hash)).toMatchObject({ view: 'person', arg: 'slack:U0 1/x' });
    expect(parseRoute(hash)!.params.get('tab')).toBe('a&b');
    expect(parseRoute('#/network?level=people')!.params.get('level')).toBe('people');
    expect(parseRoute('#/nowhere')).toBeNull();
    expect(parseRoute('#token=abc')).toBeNull();
  });
});

describe('suggested introductions', () => {
  const community = (id: number, teams: [string, number][], topics: [string, number][]) => ({
    id,
    size: teams.reduce((sum, [, count]) => sum + count, 0),
    members: [],
    teams: teams.map(([team, count]) => ({ team, count })),
    mainTeamShare: 0,
    crossTeam: false,
    topics: topics.map(([topic, weight]) => ({ topic, weight })),
    keyPeople: [],
  });

  it("takes a team's topics from the communities its people are in, not its own channel", () => {
    const report = {
      communities: [
        community(
          0,
          [
            ['payments', 9],
            ['identity', 1],
          ],
          [
            ['team-payments', 90],
            ['billing', 40],
            ['auth', 5],
          ],
        ),
        community(
          1,
          [
            ['identity', 8],
            ['payments', 2],
          ],
          [
            ['auth', 60],
            ['kubernetes', 30],
          ],
        ),
      ],
    } as unknown as CommunitiesReport;
    const topics = teamTopics(report, { topicsPerTeam: 2, minPeopleHelped: 2 });
    // payments: billing 40·0.9 = 36, auth 5·0.9 + 60·0.2 = 16.5, kubernetes 30·0.2 = 6.
    expect(topics.get('payments')).toEqual(['billing', 'auth']);
    // identity: auth 60·0.8 + 5·0.1 = 48.5, kubernetes 24, billing 4.
    expect(topics.get('identity')).toEqual(['auth', 'kubernetes']);
  });
});

describe('tables', () => {
  it('writes RFC 4180 CSV and defuses cells a spreadsheet would run as formulas', () => {
    const columns: ValueColumn<[string, number | null]>[] = [
      { label: 'Name', value: ([name]) => name },
      { label: 'Help', value: ([, help]) => help },
    ];
    const csv = toCsv(columns, [
      ['Ann "the expert", PhD', 2.5],
      ['=HYPERLINK("x")', -1],
      ['line\nbreak', null],
    ]);
    expect(csv).toBe(
      'Name,Help\r\n"Ann ""the expert"", PhD",2.5\r\n"\'=HYPERLINK(""x"")",-1\r\n"line\nbreak",\r\n',
    );
  });

  it('sorts numbers as numbers, text naturally, and empty cells last', () => {
    const values: (string | number | null)[] = ['team-10', null, 'team-2', ''];
    expect([...values].sort(compare)).toEqual(['team-2', 'team-10', null, '']);
    expect([10, 9, 100].sort(compare)).toEqual([9, 10, 100]);
  });
});
