import { toBlob } from '@sigma/export-image';
import { write } from 'graphology-gexf/browser';
import type Sigma from 'sigma';
import { download } from '../ui/dom.ts';
import type { EdgeData, NetworkGraph, NodeData } from './graph-model.ts';

/**
 * The two exports of the network view: the picture as drawn (PNG, via @sigma/export-image) and
 * the graph as drawn (GEXF, for Gephi) with only what this viewer may see: pseudonymised people
 * stay pseudonymised in the file.
 */

export async function exportPng(renderer: Sigma<NodeData, EdgeData>, fileName: string) {
  // The helper is typed for untyped graphs; ours carries typed attributes, which it never reads.
  const blob = await toBlob(renderer as unknown as Sigma, {
    format: 'png',
    backgroundColor: '#ffffff',
  });
  download(blob, `${fileName}.png`);
}

export function gexfText(graph: NetworkGraph): string {
  return write(graph, {
    formatNode: (key, node) => ({
      label: node.label ?? key,
      attributes: {
        kind: node.kind,
        team: node.team ?? '',
        community: node.community ?? -1,
        pagerank: node.pagerank,
        helpGiven: node.helpGiven,
        helpReceived: node.helpReceived,
        members: node.members,
        flags: node.flags.join(' '),
      },
      viz: { color: node.color, size: node.size, x: node.x, y: node.y },
    }),
    formatEdge: (_key, edge) => ({ weight: edge.weight }),
  });
}

export function exportGexf(graph: NetworkGraph, fileName: string): void {
  download(new Blob([gexfText(graph)], { type: 'application/gexf+xml' }), fileName);
}
