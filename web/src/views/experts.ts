import type { ExpertsReport } from '../api/types.ts';
import { routeHash, type Route } from '../router.ts';
import { h } from '../ui/dom.ts';
import { dataTable } from '../ui/data-table.ts';
import { filterQuery } from '../ui/filters.ts';
import {
  formatDate,
  formatNumber,
  formatPercent,
  formatWindow,
  personName,
  plural,
} from '../ui/format.ts';
import { empty, fill } from '../ui/states.ts';
import type { AppContext, View } from './context.ts';

/**
 * Experts: who to ask about a topic, ranked, with the evidence behind each rank, and the topic's
 * bus factor (how much of the help rests on one or three people).
 */
export function expertsView(context: AppContext, route: Route): View {
  const topic = route.params.get('topic') ?? '';
  const input = h('input', {
    attrs: {
      id: 'expert-topic',
      type: 'search',
      name: 'topic',
      value: topic,
      required: true,
      autocomplete: 'off',
    },
  });
  const form = h(
    'form',
    { class: 'topic-search', attrs: { role: 'search' } },
    h('label', { attrs: { for: 'expert-topic' }, text: 'Topic' }),
    input,
    h('button', { text: 'Find experts', attrs: { type: 'submit' } }),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    context.navigate(routeHash('experts', null, { topic: input.value.trim() }));
  });
  const region = h('div', { class: 'region' });
  const element = h(
    'section',
    { class: 'view experts' },
    h('h2', { text: 'Experts' }),
    form,
    region,
  );
  if (!topic)
    region.append(
      empty('Search a topic (a channel, a tag, a repository) to see who helps most on it.'),
    );
  else {
    void fill(
      region,
      `experts on ${topic}`,
      () =>
        context.session.api.get<ExpertsReport>('/experts', {
          ...filterQuery(context.filters),
          topic,
        }),
      (report) => render(report),
    );
  }
  queueMicrotask(() => !topic && input.focus());
  return { element };
}

function render(report: ExpertsReport): Node[] {
  if (report.experts.length === 0) {
    const nearest = report.suggestions.map((name) =>
      h('a', { text: name, attrs: { href: routeHash('experts', null, { topic: name }) } }),
    );
    const none = empty(`No one helped on "${report.topic}" in ${formatWindow(report.window)}.`);
    if (nearest.length === 0) return [none];
    return [
      none,
      h(
        'p',
        { class: 'suggestions' },
        'Nearest known topics: ',
        ...nearest.flatMap((link, i) => (i === 0 ? [link] : [', ', link])),
      ),
    ];
  }
  const bus = report.busFactor;
  const risk = (bus.top1Share ?? 0) >= 0.5;
  return [
    h('p', {
      class: 'summary',
      text: `${formatWindow(report.window)}, topics matched: ${report.matchedTopics.join(', ') || report.topic}.`,
    }),
    h(
      'p',
      { class: `bus-factor ${risk ? 'risk' : ''}`.trim() },
      h('strong', { text: 'Bus factor: ' }),
      `the top person gives ${formatPercent(bus.top1Share ?? 0)} of the help, the top three ${formatPercent(bus.top3Share ?? 0)}; ` +
        `${plural(bus.helpers, 'person', 'people')} help in all.` +
        (risk ? ' Most of this knowledge rests on one person.' : ''),
    ),
    dataTable<Expert>({
      caption: `Experts on ${report.topic}`,
      fileName: `helpflow-experts-${report.topic}`,
      className: 'experts-table',
      rows: report.experts.map((expert, i) => ({ ...expert, rank: i + 1 })),
      columns: [
        { label: '#', numeric: true, value: (e) => e.rank },
        { label: 'Person', value: personName },
        { label: 'Team', value: (e) => e.team },
        { label: 'Score', numeric: true, value: (e) => Number(e.score.toFixed(1)) },
        { label: 'People helped', numeric: true, value: (e) => e.peopleHelped },
        { label: 'Evidence', value: (e) => evidence(e.evidence) },
        { label: 'Last', value: (e) => (e.evidence.lastAt ? formatDate(e.evidence.lastAt) : null) },
      ],
    }),
  ];
}

type Expert = ExpertsReport['experts'][number] & { rank: number };

function evidence(e: ExpertsReport['experts'][number]['evidence']): string {
  const parts: string[] = [];
  if (e.replies) parts.push(plural(e.replies, 'reply', 'replies'));
  if (e.answers) parts.push(plural(e.answers, 'answer'));
  if (e.acceptedAnswers) parts.push(`${formatNumber(e.acceptedAnswers)} accepted`);
  if (e.reviews) parts.push(plural(e.reviews, 'review'));
  if (e.other) parts.push(`${formatNumber(e.other)} other`);
  return `${plural(e.interactions, 'interaction')}: ${parts.join(', ')}`;
}
