import type { CommunitiesReport, IsolationReport, PersonView, TrendsReport } from '../api/types.ts';
import { routeHash, type Route } from '../router.ts';
import { h, replace, type Child } from '../ui/dom.ts';
import { dataTable } from '../ui/data-table.ts';
import { filterForm, filterQuery } from '../ui/filters.ts';
import { formatDate, formatWindow, personName, plural } from '../ui/format.ts';
import { eachLimited } from '../ui/limit.ts';
import { sparkline } from '../ui/sparkline.ts';
import { fill } from '../ui/states.ts';
import type { AppContext, View } from './context.ts';
import { Suggester } from './suggestions.ts';

/**
 * My team (for managers): the people of their reporting line the server flags (unanswered,
 * isolated, lapsed, fading, new, peripheral), with its reasons, their last activity and former
 * partners; each one's weekly trend; and an introduction to suggest. Above them, the server's
 * warnings about sources that cover the window only in part. The server decides whose names a
 * token may see.
 */
export function teamView(context: AppContext, _route: Route): View {
  const region = h('div', { class: 'region' });
  const teamTrends = h('div', { class: 'team-trends' });
  const element = h(
    'section',
    { class: 'view team' },
    h('h2', { text: context.session.role === 'manager' ? 'My team' : 'Teams: who is cut off' }),
    filterForm(context.filters, {}, (filters) => context.setFilters(filters)),
    region,
    teamTrends,
  );
  const { api } = context.session;
  const query = filterQuery(context.filters);
  let disposed = false;
  void fill(
    region,
    'the people of your team',
    () => api.get<IsolationReport>('/isolation', query),
    (report) => render(report),
  ).then(async (report) => {
    if (!report || disposed) return;
    void fill(
      teamTrends,
      'the team trends',
      () => api.get<TrendsReport>('/trends', query),
      (trendReport) => teamTrendTable(trendReport, new Set(report.people.map((p) => p.team ?? ''))),
    );
    await followUpRows(report);
  });

  type Flagged = IsolationReport['people'][number];
  const suggestions = new Map<string, string>();
  let followUp: ((shown: { row: Flagged; element: HTMLTableRowElement }[]) => void) | null = null;

  function render(report: IsolationReport): Child[] {
    const flagged = report.people.filter((p) => p.flags.length > 0);
    const intro =
      `${formatWindow(report.window)}: ${plural(report.people.length, 'person', 'people')}` +
      `${context.session.role === 'manager' ? ' in your reporting line' : ''}, ` +
      `${plural(flagged.length, 'of them', 'of them')} flagged.`;
    const flags = [...new Set(flagged.flatMap((p) => p.flags))].sort();
    return [
      h('p', { class: 'summary', text: intro }),
      ...report.coverage.warnings.map((warning) =>
        h('p', { class: 'state warning coverage-warning', text: warning }),
      ),
      flagged.length === 0
        ? h('p', { class: 'state empty', text: 'No one is flagged in this window.' })
        : dataTable<Flagged>({
            caption: 'Flagged people, with the reasons and a suggested introduction',
            fileName: 'helpflow-flagged-people',
            className: 'flagged',
            rows: flagged,
            groups: flags.map((flag) => ({ label: flag, test: (p) => p.flags.includes(flag) })),
            rowAttrs: (p) => ({ 'data-person': p.person }),
            sort: { column: 3, descending: false },
            columns: [
              {
                label: 'Person',
                value: personName,
                cell: (p) => [
                  p.pseudonymised
                    ? personName(p)
                    : h('a', {
                        text: personName(p),
                        attrs: { href: routeHash('person', p.person) },
                      }),
                  h('div', { class: 'hint', text: p.team ?? '' }),
                ],
              },
              {
                label: 'Flags and reasons',
                value: (p) => `${p.flags.join(', ')}: ${p.reasons.join('; ')}`,
                cell: (p) => [
                  h('p', {}, ...p.flags.map((flag) => h('span', { class: 'flag', text: flag }))),
                  h(
                    'ul',
                    { class: 'reasons' },
                    ...p.reasons.map((reason) => h('li', { text: reason })),
                  ),
                  p.pseudonymised
                    ? null
                    : h('a', {
                        class: 'follow',
                        text: 'Follow up',
                        attrs: { href: routeHash('follow', p.person) },
                      }),
                ],
              },
              {
                label: 'Partners before',
                numeric: true,
                value: (p) => p.previousTies?.partners ?? null,
              },
              { label: 'Partners now', numeric: true, value: (p) => p.ties.partners },
              {
                label: 'Last active, former partners',
                value: (p) => p.lastActivity,
                cell: (p) => [
                  h('div', {
                    text: p.lastActivity ? formatDate(p.lastActivity) : 'not in this window',
                  }),
                  p.formerPartners.length === 0
                    ? ''
                    : h('div', {
                        class: 'hint',
                        text: `before: ${p.formerPartners.map((f) => personName(f)).join(', ')}`,
                      }),
                ],
              },
              { label: 'Weekly trend', value: () => null, cell: () => '', class: 'trend-cell' },
              {
                label: 'Suggestion',
                value: (p) => suggestions.get(p.person) ?? null,
                cell: () => '…',
                class: 'suggestion-cell',
              },
            ],
            onShow: (shown) => followUp?.(shown),
          }),
      report.notCovered.length === 0
        ? ''
        : h(
            'div',
            { class: 'not-covered' },
            h('h3', { text: 'Outside the data of this window' }),
            h('p', {
              class: 'hint',
              text: 'Seen only in sources that do not cover this window: choose a window or source where they have data to see how they are doing.',
            }),
            h(
              'ul',
              {},
              ...report.notCovered.map((p) =>
                h(
                  'li',
                  { attrs: { 'data-person': p.person } },
                  `${personName(p)}${p.team ? ` (${p.team})` : ''}: ${p.reason}`,
                ),
              ),
            ),
          ),
      report.neverActive.length === 0
        ? ''
        : h(
            'div',
            { class: 'never-active' },
            h('h3', { text: 'Never active' }),
            h('p', {
              class: 'hint',
              text: 'No activity at all in the selected sources (no help, no posts, questions or commits), in any window: new, away, or not using the tools imported.',
            }),
            dataTable<IsolationReport['neverActive'][number]>({
              caption: 'Never active',
              fileName: 'helpflow-never-active',
              rows: report.neverActive,
              rowAttrs: (p) => ({ 'data-person': p.person }),
              columns: [
                { label: 'Person', value: personName },
                { label: 'Team', value: (p) => p.team },
              ],
            }),
          ),
    ];
  }

  /**
   * The suggestion and the weekly trend of the rows on screen, a few at a time: a page of 25 is
   * 25 requests, where the whole team would be hundreds. Each row is followed up once.
   */
  async function followUpRows(report: IsolationReport) {
    const done = new Set<string>();
    const communities = await api.get<CommunitiesReport>('/communities', query).catch(() => null);
    const suggester = communities ? new Suggester(api, communities, query) : null;
    const follow = (shown: { row: Flagged; element: HTMLTableRowElement }[]) => {
      const todo = shown.filter(({ row }) => !done.has(row.person));
      for (const { row } of todo) done.add(row.person);
      void eachLimited(todo, 3, async ({ row: person, element: row }) => {
        if (disposed) return;
        const suggestion = await suggester?.suggest(person).catch(() => null);
        const text = suggestion?.text ?? 'No one to suggest yet.';
        suggestions.set(person.person, text);
        const cell = row.querySelector('.suggestion-cell');
        if (cell) cell.textContent = text;
        if (person.pseudonymised) return;
        const view = await api
          .get<PersonView>(`/people/${encodeURIComponent(person.person)}`, query)
          .catch(() => null);
        const trend = row.querySelector<HTMLElement>('.trend-cell');
        if (trend && view) {
          replace(
            trend,
            sparkline(
              view.weeks.map((w) => ({ label: w.week, value: w.partners })),
              { what: 'help partners' },
            ),
          );
        }
      });
    };
    followUp = follow;
    const rows = region.querySelectorAll<HTMLTableRowElement>('table.flagged tbody tr');
    const byId = new Map(report.people.map((p) => [p.person, p]));
    follow([...rows].map((element) => ({ row: byId.get(element.dataset.person!)!, element })));
  }

  return {
    element,
    dispose() {
      disposed = true;
    },
  };
}

function teamTrendTable(report: TrendsReport, teams: Set<string>): Child[] {
  const byTeam = new Map<string, TrendsReport['teams']>();
  for (const row of report.teams) {
    if (!row.team || !teams.has(row.team)) continue;
    byTeam.set(row.team, [...(byTeam.get(row.team) ?? []), row]);
  }
  if (byTeam.size === 0) return [];
  type TeamWeeks = [string, TrendsReport['teams']];
  const last = (weeks: TrendsReport['teams']) => weeks[weeks.length - 1];
  return [
    dataTable<TeamWeeks>({
      caption: 'Team trends by week',
      fileName: 'helpflow-team-trends',
      rows: [...byTeam],
      sort: { column: 0, descending: false },
      columns: [
        { label: 'Team', value: ([team]) => team },
        {
          label: 'Isolated people (last week)',
          numeric: true,
          value: ([, weeks]) => last(weeks)?.isolated ?? null,
          cell: ([, weeks]) =>
            sparkline(
              weeks.map((w) => ({ label: w.week, value: w.isolated })),
              { what: 'isolated people' },
            ),
        },
        {
          label: 'Active helpers (last week)',
          numeric: true,
          value: ([, weeks]) => last(weeks)?.activeHelpers ?? null,
          cell: ([, weeks]) =>
            sparkline(
              weeks.map((w) => ({ label: w.week, value: w.activeHelpers })),
              { what: 'active helpers' },
            ),
        },
      ],
    }),
    ...report.withheld
      .filter((w) => teams.has(w.team))
      .map((w) => h('p', { class: 'hint', text: `${w.team}: withheld, ${w.reason}` })),
  ];
}
