import { h, table } from '../ui/dom.ts';
import { formatNumber, formatScore, formatWhole } from '../ui/format.ts';
import type { Legend } from '../ui/palette.ts';
import type { ColourBy, SizeBy } from './appearance.ts';
import type { NetworkGraph } from './graph-model.ts';

/** The text beside the picture: the legend with counts, and the people (or communities) ranked. */

export function legendList(legend: Legend<string>, by: ColourBy): HTMLElement {
  return h(
    'div',
    { class: 'legend' },
    h('h3', { text: by === 'team' ? 'Colours: teams' : 'Colours: communities' }),
    h(
      'ul',
      {},
      ...legend.entries.map((entry) =>
        h(
          'li',
          {},
          h('span', {
            class: 'swatch',
            attrs: { style: `background:${entry.colour}`, 'aria-hidden': 'true' },
          }),
          `${entry.label} (${formatWhole(entry.count)})`,
        ),
      ),
    ),
  );
}

const RANKED = 12;

/** The top nodes by the size measure, each a button that selects it in the picture. */
export function rankingTable(graph: NetworkGraph, by: SizeBy, select: (node: string) => void) {
  const nodes = graph.mapNodes((key, data) => ({ key, data }));
  const communities = nodes.some((node) => node.data.kind === 'community');
  const value = (node: (typeof nodes)[number]) => (communities ? node.data.members : node.data[by]);
  nodes.sort((a, b) => value(b) - value(a) || a.key.localeCompare(b.key));
  const name = (node: (typeof nodes)[number]) =>
    node.data.label ?? (node.data.team ? `someone in ${node.data.team}` : 'someone');
  const head = communities
    ? ['Community', 'People', 'Main team']
    : ['Person', 'Team', by === 'pagerank' ? 'PageRank' : 'Help given'];
  const rows = nodes.slice(0, RANKED).map((node) => [
    h('button', {
      class: 'link',
      text: name(node),
      attrs: { type: 'button', 'data-node': node.key },
      on: { click: () => select(node.key) },
    }),
    communities ? formatWhole(node.data.members) : (node.data.team ?? ''),
    communities
      ? (node.data.team ?? '')
      : by === 'pagerank'
        ? formatScore(node.data.pagerank)
        : formatNumber(node.data.helpGiven),
  ]);
  const caption = communities
    ? `Largest communities (${RANKED} of ${graph.order})`
    : `Top ${Math.min(RANKED, graph.order)} of ${formatWhole(graph.order)} by ${by === 'pagerank' ? 'PageRank' : 'help given'}`;
  return table(caption, head, rows);
}

/** People flagged by the isolation report (for roles that see flags), each a button to select. */
export function flaggedTable(
  graph: NetworkGraph,
  select: (node: string) => void,
): HTMLElement | null {
  const flagged = graph.filterNodes((_key, data) => data.flags.length > 0);
  if (flagged.length === 0) return null;
  flagged.sort((a, b) => a.localeCompare(b));
  return table(
    `Flagged in this view (${flagged.length})`,
    ['Person', 'Flags'],
    flagged.map((key) => {
      const data = graph.getNodeAttributes(key);
      return [
        h('button', {
          class: 'link',
          text: data.label ?? (data.team ? `someone in ${data.team}` : 'someone'),
          attrs: { type: 'button' },
          on: { click: () => select(key) },
        }),
        data.flags.join(', '),
      ];
    }),
    'flagged-nodes',
  );
}
