import type {
  CommunitiesReport,
  FlowsReport,
  GraphResponse,
  IsolationReport,
  PeopleGraph,
  Window,
} from '../api/types.ts';
import { comparePicture, type ComparePicture } from '../compare/compare-picture.ts';
import {
  compareWindows,
  describeChanges,
  previousOf,
  type Comparison,
  type FlagChange,
  type FlowChange,
  type WindowReports,
} from '../compare/compare-model.ts';
import { routeHash, type Route } from '../router.ts';
import { dataTable } from '../ui/data-table.ts';
import { h, replace, type Child } from '../ui/dom.ts';
import { filterQuery } from '../ui/filters.ts';
import { formatNumber, formatWindow, personName } from '../ui/format.ts';
import { failure, loading } from '../ui/states.ts';
import type { AppContext, View } from './context.ts';

/**
 * Compare (#/compare): two windows side by side, "what changed since the reorg?". By default
 * the window of the filters (or the latest 90 days) and the one of the same length before it;
 * `?from=&to=&beforeFrom=&beforeTo=` (dates, `to` inclusive as in the filters) choose both.
 * Each window's figures come from the same reports as everywhere else, so the roles and the
 * minimum group sizes apply unchanged; the changes are worked out here (compare-model.ts).
 */
export function compareView(context: AppContext, route: Route): View {
  const chosen = {
    from: route.params.get('from') ?? context.filters.from,
    to: route.params.get('to') ?? context.filters.to,
    beforeFrom: route.params.get('beforeFrom') ?? '',
    beforeTo: route.params.get('beforeTo') ?? '',
  };
  const region = h('div', { class: 'region' });
  let picture: ComparePicture | null = null;
  let disposed = false;
  const element = h(
    'section',
    { class: 'view compare' },
    h('h2', { text: 'Compare two windows' }),
    windowForm(chosen),
    region,
  );

  void load();

  async function load() {
    replace(region, loading('both windows'));
    region.setAttribute('aria-busy', 'true');
    try {
      const api = context.session.api;
      const base = filterQuery({ ...context.filters, from: chosen.from, to: chosen.to });
      const afterGraph = await api.get<GraphResponse>('/graph', { ...base, level: 'people' });
      if (afterGraph.level !== 'people') throw new Error('the server sent communities, not people');
      const afterWindow = afterGraph.window;
      const beforeWindow: Window =
        chosen.beforeFrom && chosen.beforeTo
          ? windowOf(chosen.beforeFrom, chosen.beforeTo)
          : previousOf(afterWindow);
      const at = (window: Window) => ({ ...base, from: window.from, to: window.to });
      const [afterRest, before, communities] = await Promise.all([
        rest(at(afterWindow)),
        reportsOf(at(beforeWindow)),
        api.get<CommunitiesReport>('/communities', {
          ...at(afterWindow),
          previousFrom: beforeWindow.from,
          previousTo: beforeWindow.to,
        }),
      ]);
      if (disposed) return;
      const comparison = compareWindows(before, { graph: afterGraph, ...afterRest }, communities);
      picture?.dispose();
      picture = comparePicture(before.graph, afterGraph, comparison.ties);
      replace(region, ...render(comparison, picture.element, communities));
    } catch (error) {
      replace(region, failure(error));
    } finally {
      region.removeAttribute('aria-busy');
    }
  }

  async function rest(query: Record<string, string>) {
    const api = context.session.api;
    const [isolation, flows] = await Promise.all([
      api.get<IsolationReport>('/isolation', query),
      api.get<FlowsReport>('/flows', query),
    ]);
    return { isolation, flows };
  }

  async function reportsOf(query: Record<string, string>): Promise<WindowReports> {
    const [graph, others] = await Promise.all([
      context.session.api.get<GraphResponse>('/graph', { ...query, level: 'people' }),
      rest(query),
    ]);
    return { graph: graph as PeopleGraph, ...others };
  }

  return {
    element,
    dispose() {
      disposed = true;
      picture?.dispose();
    },
  };
}

/** Dates as the filters have them (the end inclusive) as a window (the end exclusive). */
function windowOf(from: string, to: string): Window {
  const end = new Date(`${to}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + 1);
  return { from: new Date(`${from}T00:00:00Z`).toISOString(), to: end.toISOString() };
}

function windowForm(chosen: Record<'from' | 'to' | 'beforeFrom' | 'beforeTo', string>) {
  const field = (name: keyof typeof chosen, label: string) =>
    h(
      'label',
      { class: 'field' },
      h('span', { text: label }),
      h('input', { attrs: { type: 'date', name, value: chosen[name] } }),
    );
  const form = h(
    'form',
    { class: 'filters compare-windows', attrs: { 'aria-label': 'Windows to compare' } },
    h(
      'fieldset',
      {},
      h('legend', { text: 'Before' }),
      field('beforeFrom', 'From'),
      field('beforeTo', 'To'),
    ),
    h('fieldset', {}, h('legend', { text: 'After' }), field('from', 'From'), field('to', 'To')),
    h('button', { text: 'Compare', attrs: { type: 'submit' } }),
    h('p', {
      class: 'hint',
      text: 'Leave the dates empty for the latest window and the one of the same length before it.',
    }),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const params: Record<string, string> = {};
    for (const name of ['from', 'to', 'beforeFrom', 'beforeTo']) {
      const entry = data.get(name);
      const value = typeof entry === 'string' ? entry.trim() : '';
      if (value) params[name] = value;
    }
    location.hash = routeHash('compare', null, params);
  });
  return form;
}

function render(
  comparison: Comparison,
  picture: HTMLElement,
  communities: CommunitiesReport,
): Child[] {
  const names = new Map<number, string>(communities.communities.map((c) => [c.id, c.name]));
  return [
    h(
      'p',
      { class: 'summary' },
      `Before: ${formatWindow(comparison.before)}. After: ${formatWindow(comparison.after)}.`,
    ),
    ...comparison.warnings.map((text) => h('p', { class: 'state warning', text })),
    h(
      'ul',
      { class: 'changes-in-words' },
      ...describeChanges(comparison).map((text) => h('li', { text })),
    ),
    figuresTable(comparison),
    picture,
    h('div', { class: 'columns' }, flagsTable(comparison.flags), flowsTable(comparison.flows)),
    communitiesTable(comparison, names, communities.changesJudged),
    tiesTable(comparison),
  ];
}

function figuresTable(comparison: Comparison): HTMLElement {
  return dataTable({
    caption: 'The two windows side by side',
    fileName: 'helpflow-compare-figures',
    className: 'compare-figures',
    rows: comparison.figures,
    columns: [
      { label: 'Measure', value: (f) => f.label },
      { label: 'Before', numeric: true, value: (f) => round(f.before) },
      { label: 'After', numeric: true, value: (f) => round(f.after) },
      {
        label: 'Change',
        numeric: true,
        value: (f) => round(f.after - f.before),
        cell: (f) => signed(f.after - f.before),
      },
    ],
  });
}

function flagsTable(flags: FlagChange[]): HTMLElement {
  return dataTable({
    caption: 'People whose flags changed',
    fileName: 'helpflow-compare-flags',
    className: 'compare-flags',
    pageSize: 10,
    rows: flags,
    columns: [
      { label: 'Person', value: (f) => personName(f.person) },
      { label: 'Team', value: (f) => f.person.team ?? '' },
      { label: 'Before', value: (f) => f.before.join(', ') || 'none' },
      { label: 'After', value: (f) => f.after.join(', ') || 'none' },
    ],
    groups: [
      { label: 'Newly flagged', test: (f) => f.before.length === 0 },
      { label: 'No longer flagged', test: (f) => f.after.length === 0 },
    ],
  });
}

function flowsTable(flows: FlowChange[]): HTMLElement {
  return dataTable({
    caption: 'Help between groups: what rose and fell',
    fileName: 'helpflow-compare-flows',
    className: 'compare-flows',
    pageSize: 10,
    rows: flows,
    columns: [
      { label: 'From', value: (f) => f.from },
      { label: 'To', value: (f) => f.to },
      { label: 'Before', numeric: true, value: (f) => round(f.before) },
      { label: 'After', numeric: true, value: (f) => round(f.after) },
      {
        label: 'Change',
        numeric: true,
        value: (f) => round(f.change),
        cell: (f) => signed(f.change),
      },
    ],
    groups: [
      { label: 'Up', test: (f) => f.change > 0 },
      { label: 'Down', test: (f) => f.change < 0 },
    ],
  });
}

function communitiesTable(
  comparison: Comparison,
  names: ReadonlyMap<number, string>,
  judged: boolean,
): HTMLElement {
  if (!judged) {
    return h('p', {
      class: 'hint',
      text: 'Community changes are not judged: no source covers the earlier window.',
    });
  }
  return dataTable({
    caption: 'Communities grown, shrunk, split, merged, new or gone',
    fileName: 'helpflow-compare-communities',
    className: 'compare-communities',
    rows: comparison.communities,
    columns: [
      {
        label: 'Community',
        value: (c) =>
          c.current === null
            ? c.previousNames.join(', ')
            : (names.get(c.current) ?? `community ${c.current}`),
      },
      { label: 'Change', value: (c) => c.status },
      { label: 'Before', numeric: true, value: (c) => c.previousSize },
      { label: 'After', numeric: true, value: (c) => c.size },
      { label: 'Was', value: (c) => c.previousNames.join(', ') },
    ],
  });
}

function tiesTable(comparison: Comparison): HTMLElement {
  const label = comparison.names;
  return dataTable({
    caption: 'Ties gained and lost',
    fileName: 'helpflow-compare-ties',
    className: 'compare-ties',
    pageSize: 10,
    rows: comparison.ties.filter((t) => t.status !== 'kept'),
    sort: { column: 3, descending: true },
    columns: [
      { label: 'Helper', value: (t) => label.get(t.source) ?? t.source },
      { label: 'Helped', value: (t) => label.get(t.target) ?? t.target },
      { label: 'Change', value: (t) => t.status },
      { label: 'Weight', numeric: true, value: (t) => round(Math.max(t.before, t.after)) },
    ],
    groups: [
      { label: 'Gained', test: (t) => t.status === 'gained' },
      { label: 'Lost', test: (t) => t.status === 'lost' },
    ],
  });
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function signed(value: number): string {
  const rounded = round(value);
  return rounded > 0 ? `+${formatNumber(rounded)}` : formatNumber(rounded);
}
