import { h } from '../ui/dom.ts';
import { dataTable } from '../ui/data-table.ts';
import { formatScore, formatWhole } from '../ui/format.ts';
import type { Legend } from '../ui/palette.ts';
import type { ColourBy, SizeBy } from './appearance.ts';
import type { NetworkGraph, NodeData } from './graph-model.ts';

/** The text beside the picture: the legend with counts, and the people (or communities) ranked. */

export function legendList(legend: Legend<string>, by: ColourBy): HTMLElement {
  return h(
    'div',
    { class: 'legend' },
    h('h3', { text: by === 'team' ? 'Colours: teams (people)' : 'Colours: communities (people)' }),
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

interface Ranked {
  key: string;
  data: NodeData;
}

const nameOf = (data: NodeData) =>
  data.label ?? (data.team ? `someone in ${data.team}` : 'someone');

/** Every node, largest first by the size measure, each a button that selects it in the picture. */
export function rankingTable(
  graph: NetworkGraph,
  by: SizeBy,
  select: (node: string) => void,
  visible?: ReadonlySet<string>,
) {
  const rows: Ranked[] = graph
    .filterNodes((key) => !visible || visible.has(key))
    .map((key) => ({ key, data: graph.getNodeAttributes(key) }));
  const communities = rows.some((row) => row.data.kind === 'community');
  const name = {
    label: communities ? 'Community' : 'Person',
    value: (row: Ranked) => nameOf(row.data),
    cell: (row: Ranked) =>
      h('button', {
        class: 'link',
        text: nameOf(row.data),
        attrs: { type: 'button', 'data-node': row.key },
        on: { click: () => select(row.key) },
      }),
  };
  if (communities) {
    return dataTable<Ranked>({
      caption: 'Communities, largest first',
      fileName: 'helpflow-communities',
      pageSize: 10,
      columns: [
        name,
        { label: 'People', numeric: true, value: (row) => row.data.members },
        { label: 'Main team', value: (row) => row.data.team },
      ],
      rows,
      sort: { column: 1, descending: true },
    });
  }
  return dataTable<Ranked>({
    caption: 'People in the picture',
    fileName: 'helpflow-people',
    pageSize: 10,
    columns: [
      name,
      { label: 'Team', value: (row) => row.data.team },
      { label: 'Help given', numeric: true, value: (row) => row.data.helpGiven },
      {
        label: 'PageRank',
        numeric: true,
        value: (row) => row.data.pagerank,
        cell: (row) => formatScore(row.data.pagerank),
      },
    ],
    rows,
    sort: { column: by === 'pagerank' ? 3 : 2, descending: true },
  });
}

/** People flagged by the isolation report (for roles that see flags), each a button to select. */
export function flaggedTable(
  graph: NetworkGraph,
  select: (node: string) => void,
): HTMLElement | null {
  const rows: Ranked[] = graph
    .filterNodes((_key, data) => data.flags.length > 0)
    .map((key) => ({ key, data: graph.getNodeAttributes(key) }));
  if (rows.length === 0) return null;
  return dataTable<Ranked>({
    caption: 'Flagged in this view',
    fileName: 'helpflow-flagged',
    className: 'flagged-nodes',
    pageSize: 10,
    columns: [
      {
        label: 'Person',
        value: (row) => nameOf(row.data),
        cell: (row) =>
          h('button', {
            class: 'link',
            text: nameOf(row.data),
            attrs: { type: 'button' },
            on: { click: () => select(row.key) },
          }),
      },
      { label: 'Flags', value: (row) => row.data.flags.join(', ') },
    ],
    rows,
    sort: { column: 0, descending: false },
  });
}
