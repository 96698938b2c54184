import type { CommunitiesReport, IsolationReport, PersonView, TrendsReport } from '../api/types.ts';
import { routeHash, type Route } from '../router.ts';
import { h, replace, type Child } from '../ui/dom.ts';
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
    await followUp(report);
  });

  function render(report: IsolationReport): Child[] {
    const flagged = report.people.filter((p) => p.flags.length > 0);
    const intro =
      `${formatWindow(report.window)}: ${plural(report.people.length, 'person', 'people')}` +
      `${context.session.role === 'manager' ? ' in your reporting line' : ''}, ` +
      `${plural(flagged.length, 'of them', 'of them')} flagged.`;
    return [
      h('p', { class: 'summary', text: intro }),
      ...report.coverage.warnings.map((warning) =>
        h('p', { class: 'state warning coverage-warning', text: warning }),
      ),
      flagged.length === 0
        ? h('p', { class: 'state empty', text: 'No one is flagged in this window.' })
        : h(
            'table',
            { class: 'data flagged' },
            h('caption', { text: 'Flagged people, with the reasons and a suggested introduction' }),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ...[
                  'Person',
                  'Flags and reasons',
                  'Help partners',
                  'Last active, former partners',
                  'Weekly trend',
                  'Suggestion',
                ].map((t) => h('th', { text: t, attrs: { scope: 'col' } })),
              ),
            ),
            h(
              'tbody',
              {},
              ...flagged.map((p) =>
                h(
                  'tr',
                  { attrs: { 'data-person': p.person } },
                  h(
                    'td',
                    {},
                    p.pseudonymised
                      ? personName(p)
                      : h('a', {
                          text: personName(p),
                          attrs: { href: routeHash('person', p.person) },
                        }),
                    h('div', { class: 'hint', text: p.team ?? '' }),
                  ),
                  h(
                    'td',
                    {},
                    h('p', {}, ...p.flags.map((flag) => h('span', { class: 'flag', text: flag }))),
                    h(
                      'ul',
                      { class: 'reasons' },
                      ...p.reasons.map((reason) => h('li', { text: reason })),
                    ),
                  ),
                  h('td', {
                    text: p.previousTies
                      ? `${p.previousTies.partners} → ${p.ties.partners} (previous window → this one)`
                      : `${p.ties.partners}`,
                  }),
                  h(
                    'td',
                    { class: 'former' },
                    h('div', {
                      text: p.lastActivity ? formatDate(p.lastActivity) : 'not in this window',
                    }),
                    p.formerPartners.length === 0
                      ? ''
                      : h('div', {
                          class: 'hint',
                          text: `before: ${p.formerPartners.map((f) => personName(f)).join(', ')}`,
                        }),
                  ),
                  h('td', { class: 'trend-cell' }),
                  h('td', { class: 'suggestion-cell', text: '…' }),
                ),
              ),
            ),
          ),
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
            h(
              'ul',
              {},
              ...report.neverActive.map((p) =>
                h(
                  'li',
                  { attrs: { 'data-person': p.person } },
                  `${personName(p)}${p.team ? ` (${p.team})` : ''}`,
                ),
              ),
            ),
          ),
    ];
  }

  async function followUp(report: IsolationReport) {
    const flagged = report.people.filter((p) => p.flags.length > 0);
    const rowOf = (person: string) =>
      region.querySelector(`tr[data-person="${CSS.escape(person)}"]`);
    const trends = fill(
      teamTrends,
      'the team trends',
      () => api.get<TrendsReport>('/trends', query),
      (trendReport) => teamTrendTable(trendReport, new Set(report.people.map((p) => p.team ?? ''))),
    );
    const communities = await api.get<CommunitiesReport>('/communities', query).catch(() => null);
    const suggester = communities ? new Suggester(api, communities, query) : null;
    await eachLimited(flagged, 3, async (person) => {
      if (disposed) return;
      const row = rowOf(person.person);
      const suggestion = await suggester?.suggest(person).catch(() => null);
      const cell = row?.querySelector('.suggestion-cell');
      if (cell) cell.textContent = suggestion?.text ?? 'No one to suggest yet.';
      if (person.pseudonymised) return;
      const view = await api
        .get<PersonView>(`/people/${encodeURIComponent(person.person)}`, query)
        .catch(() => null);
      const trend = row?.querySelector<HTMLElement>('.trend-cell');
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
    await trends;
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
  return [
    h(
      'table',
      { class: 'data' },
      h('caption', { text: 'Team trends by week' }),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...['Team', 'Isolated people', 'Active helpers'].map((t) =>
            h('th', { text: t, attrs: { scope: 'col' } }),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        ...[...byTeam].sort().map(([team, weeks]) =>
          h(
            'tr',
            {},
            h('td', { text: team }),
            h(
              'td',
              {},
              sparkline(
                weeks.map((w) => ({ label: w.week, value: w.isolated })),
                { what: 'isolated people' },
              ),
            ),
            h(
              'td',
              {},
              sparkline(
                weeks.map((w) => ({ label: w.week, value: w.activeHelpers })),
                { what: 'active helpers' },
              ),
            ),
          ),
        ),
      ),
    ),
    ...report.withheld
      .filter((w) => teams.has(w.team))
      .map((w) => h('p', { class: 'hint', text: `${w.team}: withheld, ${w.reason}` })),
  ];
}
