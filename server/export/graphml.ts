import type { Attributes } from 'graphology-types';
import type Graph from 'graphology';

/**
 * Writes a graph as GraphML (graphology-graphml only parses). Attribute types are taken from the
 * values: numbers become `double` (or `int` when every value is whole), booleans `boolean`,
 * everything else `string`; lists are joined with "; ". Null and undefined values are left out.
 */
export function writeGraphml(graph: Graph, options: { name?: string } = {}): string {
  const nodeKeys = attributeKeys(graph.mapNodes((_node, attributes) => attributes));
  const edgeKeys = attributeKeys(graph.mapEdges((_edge, attributes) => attributes));
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" ' +
      'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
      'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns ' +
      'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
  ];
  for (const [domain, keys] of [
    ['node', nodeKeys],
    ['edge', edgeKeys],
  ] as const) {
    for (const [name, type] of keys) {
      out.push(
        `  <key id="${domain}-${escape(name)}" for="${domain}" attr.name="${escape(name)}" attr.type="${type}"/>`,
      );
    }
  }
  const direction = graph.type === 'undirected' ? 'undirected' : 'directed';
  out.push(`  <graph id="${escape(options.name ?? 'helpflow')}" edgedefault="${direction}">`);
  const description: unknown = graph.getAttribute('description');
  if (typeof description === 'string') out.push(`    <desc>${escape(description)}</desc>`);
  graph.forEachNode((node, attributes) => {
    out.push(`    <node id="${escape(node)}">${data('node', nodeKeys, attributes)}</node>`);
  });
  graph.forEachEdge((edge, attributes, source, target) => {
    out.push(
      `    <edge id="${escape(edge)}" source="${escape(source)}" target="${escape(target)}">` +
        `${data('edge', edgeKeys, attributes)}</edge>`,
    );
  });
  out.push('  </graph>', '</graphml>', '');
  return out.join('\n');
}

type KeyType = 'boolean' | 'int' | 'double' | 'string';

function attributeKeys(all: Attributes[]): Map<string, KeyType> {
  const keys = new Map<string, KeyType>();
  for (const attributes of all) {
    for (const [name, value] of Object.entries(attributes)) {
      if (value === null || value === undefined) continue;
      const type: KeyType =
        typeof value === 'boolean'
          ? 'boolean'
          : typeof value === 'number'
            ? Number.isInteger(value)
              ? 'int'
              : 'double'
            : 'string';
      const known = keys.get(name);
      if (known === undefined) keys.set(name, type);
      else if (known !== type)
        keys.set(name, isNumeric(known) && isNumeric(type) ? 'double' : 'string');
    }
  }
  return keys;
}

const isNumeric = (type: KeyType) => type === 'int' || type === 'double';

function data(domain: string, keys: Map<string, KeyType>, attributes: Attributes): string {
  let out = '';
  for (const name of keys.keys()) {
    const value: unknown = attributes[name];
    if (value === null || value === undefined) continue;
    // Attributes are numbers, strings, booleans or lists of them (server/export/network.ts).
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- never an object, see above
    const text = Array.isArray(value) ? value.join('; ') : String(value);
    out += `<data key="${domain}-${escape(name)}">${escape(text)}</data>`;
  }
  return out;
}

function escape(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}
