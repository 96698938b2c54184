/**
 * The dashboard's DOM-free parts, in Node: reading server-sent events from a byte stream cut
 * anywhere, the fragment routes, and the topics a suggested introduction is based on.
 */
import { describe, expect, it } from 'vitest';
import type { CommunitiesReport } from '../web/src/api/types.ts';
import { readServerEvents } from '../web/src/imports/server-events.ts';
import { compare, toCsv, type ValueColumn } from '../web/src/ui/table-values.ts';
import { edgeKey } from '../server/export/network.ts';
import { buildGraph, tieKey } from '../web/src/network/graph-model.ts';
import { coreNumbers, SHOW_ALL, visibleParts } from '../web/src/network/visibility.ts';
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

describe('network controls', () => {
  /** A seeded pseudo-random graph as the graph route sends it, people p0..p(n-1). */
  function randomView(n: number, ties: number, seed: number) {
    let state = seed;
    const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pairs = new Set<string>();
    while (pairs.size < ties) {
      const [a, b] = [Math.floor(next() * n), Math.floor(next() * n)];
      if (a !== b) pairs.add(`${a}>${b}`);
    }
    const edges = [...pairs].map((pair) => pair.split('>').map(Number) as [number, number]);
    const ids = Array.from({ length: n }, (_, i) => `p${i}`);
    const zeros = ids.map(() => 0);
    return buildGraph({
      window: { from: '2026-01-01', to: '2026-04-01' },
      level: 'people',
      total: { people: n, ties },
      omittedTies: 0,
      communities: { id: [], name: [] },
      nodes: {
        id: ids,
        label: ids,
        team: ids.map(() => null),
        community: ids.map(() => null),
        x: zeros,
        y: zeros,
        pagerank: zeros,
        betweenness: zeros,
        helpGiven: zeros,
        helpReceived: zeros,
        flags: ids.map(() => []),
        pseudonymised: ids.map(() => false),
      },
      edges: {
        source: edges.map(([a]) => a),
        target: edges.map(([, b]) => b),
        weight: edges.map((_e, j) => 1 + (j % 5)),
      },
    });
  }

  /** The k-core by its definition: peel anyone with fewer than k partners left, until none. */
  function peel(partners: Map<string, Set<string>>, k: number): Set<string> {
    const left = new Set(partners.keys());
    let changed = true;
    while (changed) {
      changed = false;
      for (const node of left) {
        if ([...partners.get(node)!].filter((p) => left.has(p)).length < k) {
          left.delete(node);
          changed = true;
        }
      }
    }
    return left;
  }

  it('keys each tie as the API exports name it, the same on every build', () => {
    const ids = ['ann', 'a>b', '50%', 'x->y', 'ann->b', '%3E'];
    for (const helper of ids) {
      for (const helped of ids) expect(tieKey(helper, helped)).toBe(edgeKey(helper, helped));
    }
    // Unique: no two ties of these tricky ids share a key.
    const keys = ids.flatMap((a) => ids.filter((b) => b !== a).map((b) => tieKey(a, b)));
    expect(new Set(keys).size).toBe(keys.length);
    const first = randomView(30, 60, 7);
    const again = randomView(30, 60, 7);
    expect(first.edges()).toEqual(again.edges());
    first.forEachEdge((edge, _attributes, source, target) => {
      expect(edge).toBe(tieKey(source, target));
    });
  });

  it('finds each k-core as peeling by hand does', () => {
    for (const seed of [1, 2, 3]) {
      const graph = randomView(60, 150, seed);
      const partners = new Map<string, Set<string>>();
      graph.forEachNode((node) => partners.set(node, new Set(graph.neighbors(node))));
      const cores = coreNumbers(partners);
      const degeneracy = Math.max(...cores.values());
      expect(degeneracy).toBeGreaterThan(1);
      for (let k = 1; k <= degeneracy + 1; k++) {
        const byNumber = [...cores].filter(([, c]) => c >= k).map(([node]) => node);
        expect(new Set(byNumber)).toEqual(peel(partners, k));
      }
    }
  });

  it('hides people without ties, light ties, low degrees and outer cores', () => {
    const graph = randomView(80, 90, 7);
    const all = visibleParts(graph, SHOW_ALL);
    expect(all.nodes.size).toBe(80);
    expect(all.edges.size).toBe(90);
    const connected = visibleParts(graph, { ...SHOW_ALL, hideUnconnected: true });
    expect(connected.nodes.size).toBe(graph.filterNodes((n) => graph.degree(n) > 0).length);
    const heavy = visibleParts(graph, { ...SHOW_ALL, minWeight: 4, hideUnconnected: true });
    expect(heavy.edges.size).toBe(graph.filterEdges((_e, d) => d.weight >= 4).length);
    for (const node of heavy.nodes) {
      expect(graph.edges(node).some((e) => graph.getEdgeAttribute(e, 'weight') >= 4)).toBe(true);
    }
    const two = visibleParts(graph, { ...SHOW_ALL, minCore: 2 });
    for (const node of two.nodes) {
      expect(graph.neighbors(node).filter((n) => two.nodes.has(n)).length).toBeGreaterThan(1);
    }
    for (const edge of two.edges) {
      expect(two.nodes.has(graph.source(edge)) && two.nodes.has(graph.target(edge))).toBe(true);
    }
    const busy = visibleParts(graph, { ...SHOW_ALL, minDegree: 3 });
    for (const node of busy.nodes) expect(graph.neighbors(node).length).toBeGreaterThanOrEqual(3);
  });
});
