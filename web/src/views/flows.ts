import type { FlowGrouping, FlowsReport } from '../api/types.ts';
import { routeHash, type Route } from '../router.ts';
import { h, type Child } from '../ui/dom.ts';
import { dataTable } from '../ui/data-table.ts';
import { filterForm, filterQuery, suggest } from '../ui/filters.ts';
import { formatNumber, formatWindow, personName, plural } from '../ui/format.ts';
import { rampColour, rampText } from '../ui/palette.ts';
import { fill } from '../ui/states.ts';
import type { AppContext, View } from './context.ts';

/** The words for each grouping: one group, several, and how a person belongs to one. */
const GROUPINGS: Record<FlowGrouping, { one: string; many: string; how: string }> = {
  team: { one: 'team', many: 'teams', how: 'their team on the org chart' },
  community: {
    one: 'community',
    many: 'communities',
    how: 'the community their help ties put them in, named by what its members share',
  },
  context: {
    one: 'context',
    many: 'contexts',
    how: 'their main context: the channel, repository or list where most of their help happens',
  },
};

/**
 * Flows (for L&D): help between groups, by team, community or context (`?by=`; the server picks
 * team with an org chart, community without). The heat map is itself a table (helper group by
 * row, helped group by column, the figure in each cell), so it reads without colour; beside it
 * the E-I index per group, the biggest flows across groups with their brokers, and the silos.
 */
export function flowsView(context: AppContext, route: Route): View {
  const region = h('div', { class: 'region' });
  const filters = filterForm(context.filters, {}, (chosen) => context.setFilters(chosen));
  const asked = route.params.get('by');
  const by = asked && asked in GROUPINGS ? (asked as FlowGrouping) : null;
  const picker = h(
    'select',
    { attrs: { name: 'by' } },
    ...(Object.keys(GROUPINGS) as FlowGrouping[]).map((value) =>
      h('option', { text: `by ${value}`, attrs: { value } }),
    ),
  );
  picker.addEventListener('change', () => {
    location.hash = routeHash('flows', null, { by: picker.value });
  });
  const heading = h('h2', { text: 'Flows' });
  const element = h(
    'section',
    { class: 'view flows' },
    heading,
    filters,
    h('label', { class: 'field grouping' }, h('span', { text: 'Group people ' }), picker),
    region,
  );
  void fill(
    region,
    'the flows',
    () =>
      context.session.api.get<FlowsReport>('/flows', {
        ...filterQuery(context.filters),
        ...(by ? { by } : {}),
      }),
    (report) => {
      picker.value = report.by;
      heading.textContent = `Flows between ${GROUPINGS[report.by].many}`;
      if (report.by === 'team') suggest(filters, { teams: report.teams.map((t) => t.team) });
      return render(report);
    },
  );
  return { element };
}

function render(report: FlowsReport): Child[] {
  const words = GROUPINGS[report.by];
  if (report.teams.length === 0) {
    return [
      h('p', { class: 'state empty', text: `No ${words.one} has help in this window.` }),
      withheld(report),
    ];
  }
  return [
    h('p', {
      class: 'summary',
      text:
        `${formatWindow(report.window)}: ${plural(report.teams.length, words.one, words.many)}, help given by the row's ${words.one} to the column's. ` +
        `Each person belongs to ${words.how}.`,
    }),
    heatMap(report),
    h('div', { class: 'columns' }, eiTable(report), biggestFlows(report)),
    h('div', { class: 'columns' }, brokers(report), silos(report)),
    withheld(report),
  ];
}

function heatMap(report: FlowsReport): HTMLElement {
  const teams = report.teams.map((t) => t.team);
  const weights = new Map(report.flows.map((f) => [`${f.from}>${f.to}`, f.weight]));
  const max = Math.max(1, ...report.flows.map((f) => f.weight));
  const head = h(
    'tr',
    {},
    h('th', { text: 'helper ↓ / helped →', attrs: { scope: 'col' } }),
    ...teams.map((team) =>
      h('th', { class: 'col-team', attrs: { scope: 'col' } }, h('span', { text: team })),
    ),
  );
  const rows = teams.map((from) =>
    h(
      'tr',
      {},
      h('th', { text: from, attrs: { scope: 'row' } }),
      ...teams.map((to) => {
        const weight = weights.get(`${from}>${to}`) ?? 0;
        const share = weight / max;
        const cell = h('td', {
          text: weight ? formatNumber(weight) : '',
          attrs: { title: `${from} → ${to}: ${formatNumber(weight)}`, 'data-weight': weight },
        });
        if (weight) {
          cell.style.background = rampColour(share);
          cell.style.color = rampText(share);
        }
        if (from === to) cell.classList.add('within');
        return cell;
      }),
    ),
  );
  return h(
    'div',
    { class: 'heatmap-wrap' },
    h(
      'table',
      { class: 'heatmap' },
      h('caption', {
        text: `Help between ${GROUPINGS[report.by].many} (darker: more; the diagonal is help within a ${GROUPINGS[report.by].one})`,
      }),
      h('thead', {}, head),
      h('tbody', {}, ...rows),
    ),
  );
}

type TeamRow = FlowsReport['teams'][number];
type FlowRow = FlowsReport['flows'][number];

function eiTable(report: FlowsReport): HTMLElement {
  const { one } = GROUPINGS[report.by];
  return dataTable<TeamRow>({
    caption: `E-I index per ${one} (−1: all ties inside the ${one}, +1: all outside)`,
    fileName: 'helpflow-ei-index',
    className: 'ei',
    rows: report.teams,
    sort: { column: 2, descending: false },
    columns: [
      { label: one[0]!.toUpperCase() + one.slice(1), value: (t) => t.team },
      { label: 'People', numeric: true, value: (t) => t.size },
      {
        label: 'E-I',
        numeric: true,
        value: (t) => (t.eiIndex === null ? null : Number(t.eiIndex.toFixed(2))),
      },
      { label: 'Inside', numeric: true, value: (t) => round(t.internalTies) },
      { label: 'Outside', numeric: true, value: (t) => round(t.externalTies) },
    ],
  });
}

function biggestFlows(report: FlowsReport): HTMLElement {
  return dataTable<FlowRow>({
    caption: `Biggest flows between ${GROUPINGS[report.by].many}`,
    fileName: 'helpflow-flows',
    className: 'biggest',
    pageSize: 10,
    rows: report.flows.filter((f) => f.from !== f.to),
    sort: { column: 2, descending: true },
    columns: [
      { label: 'From', value: (f) => f.from },
      { label: 'To', value: (f) => f.to },
      { label: 'Help', numeric: true, value: (f) => round(f.weight) },
      {
        label: 'vs expected',
        numeric: true,
        value: (f) => (f.ratio === null ? null : round(f.ratio)),
        cell: (f) => (f.ratio === null ? '–' : `${formatNumber(f.ratio)}×`),
      },
      { label: 'Through', value: (f) => f.brokers.slice(0, 2).map(personName).join(', ') },
    ],
  });
}

interface BrokerRow {
  name: string;
  team: string;
  weight: number;
  flows: number;
}

function brokers(report: FlowsReport): HTMLElement {
  const totals = new Map<string, BrokerRow>();
  for (const flow of report.flows) {
    if (flow.from === flow.to) continue;
    for (const broker of flow.brokers) {
      const entry = totals.get(broker.person) ?? {
        name: personName(broker),
        team: broker.team ?? '',
        weight: 0,
        flows: 0,
      };
      entry.weight += broker.weight;
      entry.flows += 1;
      totals.set(broker.person, entry);
    }
  }
  return dataTable<BrokerRow>({
    caption: `Brokers: who carries help across ${GROUPINGS[report.by].many}`,
    fileName: 'helpflow-brokers',
    className: 'brokers',
    pageSize: 10,
    rows: [...totals.values()],
    sort: { column: 2, descending: true },
    columns: [
      { label: 'Person', value: (b) => b.name },
      { label: 'Team', value: (b) => b.team },
      { label: 'Help across', numeric: true, value: (b) => round(b.weight) },
      { label: 'Flows', numeric: true, value: (b) => b.flows },
    ],
  });
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function silos(report: FlowsReport): HTMLElement {
  return h(
    'div',
    { class: 'silos' },
    h('h3', { text: 'Silos' }),
    report.silos.length === 0
      ? h('p', { text: `No ${GROUPINGS[report.by].one} is a silo in this window.` })
      : h(
          'ul',
          {},
          ...report.silos.map((s) => h('li', {}, h('strong', { text: s.team }), `: ${s.reason}`)),
        ),
  );
}

function withheld(report: FlowsReport): Child {
  if (report.withheld.length === 0) return '';
  return h(
    'div',
    { class: 'withheld' },
    h('h3', { text: 'Withheld' }),
    h(
      'ul',
      {},
      ...report.withheld.map((w) => h('li', {}, h('strong', { text: w.team }), `: ${w.reason}`)),
    ),
  );
}
