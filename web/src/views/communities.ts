import type { CommunitiesReport, Community } from '../api/types.ts';
import { routeHash, type Route } from '../router.ts';
import { h, type Child } from '../ui/dom.ts';
import { filterForm, filterQuery, suggest } from '../ui/filters.ts';
import { formatNumber, formatPercent, formatWindow, personName, plural } from '../ui/format.ts';
import { categoryLegend } from '../ui/palette.ts';
import { fill } from '../ui/states.ts';
import type { AppContext, View } from './context.ts';

/**
 * Communities: the groups help actually forms (seeded Louvain on the server), each with its
 * size, teams, topics and key people, how the grouping matches the org chart, and how each
 * community changed since the previous window of the same length.
 */
export function communitiesView(context: AppContext, _route: Route): View {
  const region = h('div', { class: 'region' });
  const filters = filterForm(context.filters, {}, (chosen) => context.setFilters(chosen));
  const element = h(
    'section',
    { class: 'view communities' },
    h('h2', { text: 'Communities' }),
    filters,
    region,
  );
  void fill(
    region,
    'the communities',
    () => context.session.api.get<CommunitiesReport>('/communities', filterQuery(context.filters)),
    (report) => {
      suggest(filters, {
        teams: report.communities.flatMap((c) => c.teams.map((t) => t.team)),
        topics: report.communities.flatMap((c) => c.topics.map((t) => t.topic)),
      });
      return render(report);
    },
  );
  return { element };
}

const CHANGE_WORDS: Record<string, string> = {
  stable: 'about the same as before',
  grown: 'grown',
  shrunk: 'shrunk',
  new: 'new in this window',
  dissolved: 'gone since the previous window',
  merged: 'formed by a merger',
  split: 'split off',
};

function render(report: CommunitiesReport): Child[] {
  if (report.communities.length === 0) {
    return [h('p', { class: 'state empty', text: 'No communities: no help ties in this window.' })];
  }
  const teamColours = categoryLegend(
    report.communities.flatMap((c) => c.teams.flatMap((t) => Array<string>(t.count).fill(t.team))),
    (team) => team,
  );
  const changeOf = new Map(
    report.changes.filter((c) => c.current !== null).map((c) => [c.current!, c]),
  );
  const gone = report.changes.filter((c) => c.current === null);
  return [
    h('p', {
      class: 'summary',
      text:
        `${formatWindow(report.window)}: ${plural(report.communities.length, 'community', 'communities')}, ` +
        `modularity ${report.modularity.toFixed(2)} (above 0.3: clearly separate groups).`,
    }),
    h('p', { class: 'agreement', text: agreementText(report.agreement) }),
    h(
      'div',
      { class: 'community-list' },
      ...report.communities.map((c) =>
        card(c, changeOf.get(c.id), (team) => teamColours.colourOf(team)),
      ),
    ),
    gone.length === 0
      ? ''
      : h(
          'p',
          { class: 'hint' },
          `${plural(gone.length, 'community', 'communities')} of the previous window ${gone.length === 1 ? 'is' : 'are'} gone: ` +
            gone
              .map(
                (c) =>
                  `${c.previousNames.join(', ')} (${plural(c.previousSize, 'person', 'people')})`,
              )
              .join('; '),
        ),
  ];
}

function agreementText(agreement: CommunitiesReport['agreement']): string {
  if (!agreement) {
    return 'No org chart to compare with: the communities are named by the topics or places their help shares.';
  }
  const { nmi, teams, people } = agreement;
  return (
    `Match with the org chart: ${nmi.toFixed(2)} (normalised mutual information over ${plural(teams, 'team')} ` +
    `and ${plural(people, 'person', 'people')}; 1 means the communities are the teams, 0 that they are unrelated).`
  );
}

const NAMED_BY: Record<Community['nameFrom'], string> = {
  topics: 'named by the topics of its help, the most distinctive first',
  contexts: 'named by where its help happens, the most distinctive place first',
  team: 'named by its main team: its help carries no topic or context',
  none: 'its help carries no topic or context',
};

function card(
  c: Community,
  change: CommunitiesReport['changes'][number] | undefined,
  colourOf: (team: string) => string,
): HTMLElement {
  const main = c.teams[0];
  const bar = h(
    'div',
    { class: 'team-bar', attrs: { 'aria-hidden': 'true' } },
    ...c.teams.map((t) => {
      const part = h('span', { attrs: { title: `${t.team}: ${t.count}` } });
      part.style.width = `${(100 * t.count) / c.size}%`;
      part.style.background = colourOf(t.team);
      return part;
    }),
  );
  return h(
    'article',
    { class: 'community', attrs: { 'data-community': c.id } },
    h('h3', { text: `${c.name}: ${plural(c.size, 'person', 'people')}` }),
    h('p', { class: 'named-by hint', text: NAMED_BY[c.nameFrom] }),
    c.teams.length > 0 ? bar : '',
    h(
      'p',
      {},
      main
        ? `${formatPercent(c.mainTeamShare)} from ${main.team}` +
            (c.crossTeam ? '; it crosses team lines' : '; it follows one team') +
            `. Teams: ${c.teams.map((t) => `${t.team} ${formatNumber(t.count)}`).join(', ')}.`
        : '',
    ),
    h(
      'p',
      {},
      h('strong', { text: 'Topics: ' }),
      c.topics
        .slice(0, 5)
        .map((t) => t.topic)
        .join(', ') || 'none',
    ),
    h(
      'p',
      {},
      h('strong', { text: 'Key people: ' }),
      c.keyPeople
        .slice(0, 4)
        .map((p) => personName(p))
        .join(', ') || 'none',
    ),
    h(
      'p',
      { class: 'change' },
      h('strong', { text: 'Since the previous window: ' }),
      change
        ? `${CHANGE_WORDS[change.status] ?? change.status}` +
            (change.previous.length > 0
              ? ` (was ${change.previousNames.join(' and ')}, ${formatNumber(change.previousSize)} people)`
              : '')
        : 'no record',
    ),
    h('a', {
      text: 'Show in the network',
      attrs: { href: routeHash('network', null, { community: String(c.id) }) },
    }),
  );
}
