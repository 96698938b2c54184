import { DirectedGraph } from 'graphology';
import { parse as parseGexf, write as writeGexf } from 'graphology-gexf';
import { parse as parseGraphml } from 'graphology-graphml';
import { describe, expect, it } from 'vitest';
import { graphFile } from '../server/export/graph-file.ts';
import { annotatedGraph, edgeKey } from '../server/export/network.ts';
import { writeGraphml } from '../server/export/graphml.ts';
import { Reports } from '../server/reports/reports.ts';
import { readTies } from '../server/store/analytics-queries.ts';
import { storeWith } from './helpers.ts';

const CHART = [
  'person,name,email,team,manager,title,joined',
  'a,Ana <&> "Alves",ana@x.org,core,,Lead,2020-01-01',
  'b,Ben,ben@x.org,core,a,Eng,2020-01-01',
  'c,Cy,cy@x.org,data,a,Analyst,2020-01-01',
  'd,Dee,dee@x.org,data,c,Analyst,2020-01-01',
].join('\n');

const EVENTS = [
  'id,helper,helped,at,kind,topic,context',
  '1,a,b,2026-03-02T10:00:00Z,review,go,api',
  '2,b,a,2026-03-03T10:00:00Z,reply,go,#core',
  '3,a,c,2026-03-04T10:00:00Z,answer,sql,#data',
  '4,c,a,2026-03-05T10:00:00Z,reply,sql,#data',
].join('\n');

const seeded = () => storeWith(CHART, EVENTS);

describe('graph export for Gephi', () => {
  it('annotates people with name, team, community, PageRank, betweenness and flags', async () => {
    const store = await seeded();
    const graph = await annotatedGraph(new Reports(store), {});
    expect(graph.order).toBe(4);
    expect(graph.size).toBe((await readTies(store)).length);
    expect(graph.getNodeAttributes('a')).toMatchObject({ name: 'Ana <&> "Alves"', team: 'core' });
    // d never took part in any help: in no community, and said so
    expect(graph.getNodeAttributes('d')).toMatchObject({ community: null, flags: 'never active' });
    expect(graph.getNodeAttribute('a', 'pagerank')).toBeGreaterThan(
      graph.getNodeAttribute('d', 'pagerank'),
    );
    expect(graph.getEdgeAttributes(graph.edge('a', 'b')!)).toEqual({ weight: 2, interactions: 1 });
  });

  it('gives ties ids of their people, the same whatever graphs the process made before', async () => {
    const store = await seeded();
    const reports = new Reports(store);
    for (const format of ['gexf', 'graphml'] as const) {
      const first = (await graphFile(format, reports, store, {})).text;
      // Another graph between the two exports: graphology numbers its own edge keys per graph.
      new DirectedGraph().mergeEdge('x', 'y');
      const second = (await graphFile(format, new Reports(store), store, {})).text;
      expect(second).toBe(first);
      const back = (format === 'gexf' ? parseGexf : parseGraphml)(DirectedGraph, first);
      expect(back.edges().sort()).toEqual(['a->b', 'a->c', 'b->a', 'c->a']);
    }
  });

  it('keeps tie ids apart when person ids hold the arrow', () => {
    expect(edgeKey('a->b', 'c')).not.toBe(edgeKey('a', 'b->c'));
    expect(edgeKey('50%', 'b')).not.toBe(edgeKey('50%25', 'b'));
    expect(edgeKey('ana@x.org', 'ben')).toBe('ana@x.org->ben');
  });

  for (const [format, write, parse] of [
    ['GEXF', writeGexf, parseGexf],
    ['GraphML', writeGraphml, parseGraphml],
  ] as const) {
    it(`writes ${format} that reads back as the same graph`, async () => {
      const store = await seeded();
      const graph = await annotatedGraph(new Reports(store), {});
      const text = write(graph);
      const back = parse(DirectedGraph, text);
      expect(back.order).toBe(graph.order);
      expect(back.size).toBe(graph.size);
      graph.forEachNode((node, attributes) => {
        const read = back.getNodeAttributes(node);
        expect(read.team).toBe(attributes.team);
        expect(read.name ?? read.label).toBe(attributes.name);
        expect(Number(read.pagerank)).toBeCloseTo(attributes.pagerank, 10);
      });
      graph.forEachEdge((_edge, attributes, source, target) => {
        const edge = back.edge(source, target);
        expect(edge, `${source}->${target}`).toBeDefined();
        expect(Number(back.getEdgeAttribute(edge!, 'weight'))).toBe(attributes.weight);
      });
    });
  }
});
