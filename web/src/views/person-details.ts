import type { Partner, PersonMetrics, PersonView } from '../api/types.ts';
import { routeHash } from '../router.ts';
import { h } from '../ui/dom.ts';
import { dataTable } from '../ui/data-table.ts';
import { formatNumber, formatScore, formatWindow, personName, plural } from '../ui/format.ts';
import { sparkline } from '../ui/sparkline.ts';
import { egoPicture } from './ego-picture.ts';

/**
 * A person in words and numbers: who they are, what the measures say, their flags with the
 * reasons, their weekly trend, and who they help and who helps them, on which topics. Used by
 * the full Person view and, shorter, by the panel beside the network.
 */
export function personDetails(view: PersonView, options: { compact: boolean }): HTMLElement {
  const p = view.profile;
  const facts = [
    p.title,
    p.team && `team ${p.team}`,
    p.managerName && `reports to ${p.managerName}`,
    p.location,
  ]
    .filter(Boolean)
    .join(' · ');
  return h(
    'article',
    {
      class: `person ${options.compact ? 'compact' : ''}`.trim(),
      attrs: { 'data-person': p.person },
    },
    h(options.compact ? 'h3' : 'h2', { class: 'person-name', text: personName(p) }),
    facts ? h('p', { class: 'facts', text: facts }) : null,
    h('p', { class: 'window', text: `In ${formatWindow(view.window)}.` }),
    flagList(view),
    view.metrics ? metricsInWords(view.metrics) : h('p', { text: 'No help ties in this window.' }),
    h(
      'div',
      { class: 'trend-line' },
      h('span', { text: 'Help given per week ' }),
      sparkline(
        view.weeks.map((w) => ({ label: w.week, value: w.given })),
        { what: 'help given' },
      ),
      h('span', { text: ' received ' }),
      sparkline(
        view.weeks.map((w) => ({ label: w.week, value: w.received })),
        { what: 'help received' },
      ),
    ),
    options.compact ? null : egoPicture(view),
    partnerTable('Helps', view.helps, options.compact),
    partnerTable('Helped by', view.helpedBy, options.compact),
    options.compact
      ? h(
          'p',
          {},
          h('a', { text: 'Open the full page', attrs: { href: routeHash('person', p.person) } }),
        )
      : null,
  );
}

function flagList(view: PersonView): HTMLElement | null {
  if (view.flags.length === 0) return null;
  return h(
    'div',
    { class: 'flags' },
    h('p', {}, ...view.flags.map((flag) => h('span', { class: 'flag', text: flag }))),
    h('ul', { class: 'reasons' }, ...view.reasons.map((reason) => h('li', { text: reason }))),
    h('a', {
      class: 'follow',
      text: 'Follow up: partners lost and gained, week by week',
      attrs: { href: routeHash('follow', view.profile.person) },
    }),
  );
}

function metricsInWords(m: PersonMetrics): HTMLElement {
  const rows: [string, string, string][] = [
    ['Role in the network', m.persona, ''],
    [
      'Helped',
      plural(m.peopleHelped, 'person', 'people'),
      `${formatNumber(m.helpGiven)} help given`,
    ],
    [
      'Helped by',
      plural(m.helpedBy, 'person', 'people'),
      `${formatNumber(m.helpReceived)} help received`,
    ],
    ['Reciprocity', formatNumber(m.reciprocity * 100) + '%', 'of their ties go both ways'],
    ['PageRank', formatScore(m.pagerank), '(higher: help reaches them from people others turn to)'],
    ['Betweenness', formatScore(m.betweenness), '(higher: more often the bridge between others)'],
    ['Clustering', formatScore(m.clustering), '(higher: their partners also help each other)'],
    [
      'Constraint',
      m.constraint === null ? '–' : formatScore(m.constraint),
      '(higher: all their ties in one closed group)',
    ],
  ];
  return h(
    'dl',
    { class: 'metrics' },
    ...rows.flatMap(([term, value, note]) => [
      h('dt', { text: term }),
      h('dd', {}, h('strong', { text: value }), note ? ` ${note}` : ''),
    ]),
  );
}

function partnerTable(title: string, partners: Partner[], compact: boolean): HTMLElement {
  if (partners.length === 0)
    return h('p', { class: 'state empty', text: `${title}: no one in this window.` });
  return dataTable<Partner>({
    caption: title,
    fileName: `helpflow-${title.toLowerCase().replace(/\W+/g, '-')}`,
    pageSize: compact ? 5 : 25,
    rows: partners,
    sort: { column: 2, descending: true },
    columns: [
      {
        label: 'Person',
        value: personName,
        cell: (partner) =>
          partner.pseudonymised
            ? personName(partner)
            : h('a', {
                text: personName(partner),
                attrs: { href: routeHash('person', partner.person) },
              }),
      },
      { label: 'Team', value: (partner) => partner.team },
      { label: 'Help', numeric: true, value: (partner) => Math.round(partner.weight * 10) / 10 },
      {
        label: 'Topics',
        value: (partner) =>
          partner.topics
            .slice(0, 3)
            .map((t) => t.topic)
            .join(', '),
      },
    ],
  });
}
