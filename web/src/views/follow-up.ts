import type { FollowUp } from '../api/types.ts';
import { routeHash, type Route } from '../router.ts';
import { h } from '../ui/dom.ts';
import { dataTable } from '../ui/data-table.ts';
import { filterForm, filterQuery } from '../ui/filters.ts';
import { formatDate, formatWindow, personName, plural } from '../ui/format.ts';
import { empty, fill } from '../ui/states.ts';
import { weekChart } from '../ui/week-chart.ts';
import type { AppContext, View } from './context.ts';

/**
 * Following up a flag (#/follow/<person>): why the person is flagged, whom they lost and gained
 * since the previous window (with the dates of that help), and the weekly help given and
 * received across both windows, so a manager sees what changed and since when.
 */
export function followUpView(context: AppContext, route: Route): View {
  const region = h('div', { class: 'region' });
  const element = h(
    'section',
    { class: 'view follow-up' },
    filterForm(context.filters, {}, (filters) => context.setFilters(filters)),
    region,
  );
  const id = route.arg;
  if (!id) region.append(empty('Choose a flagged person from My team or the network.'));
  else {
    void fill(
      region,
      'what changed for this person',
      () =>
        context.session.api.get<FollowUp>(
          `/people/${encodeURIComponent(id)}/follow-up`,
          filterQuery(context.filters),
        ),
      render,
    );
  }
  return { element };
}

type Changed = FollowUp['lost'][number];

function render(report: FollowUp): Node[] {
  const name = personName(report.profile);
  const partnerTable = (caption: string, rows: Changed[], className: string, when: string) =>
    rows.length === 0
      ? h('p', { class: `state empty ${className}`, text: `${caption}: no one.` })
      : dataTable<Changed>({
          caption,
          fileName: `helpflow-${className}-${report.profile.person}`,
          className,
          rows,
          sort: { column: 2, descending: true },
          columns: [
            {
              label: 'Person',
              value: personName,
              cell: (p) =>
                p.pseudonymised
                  ? personName(p)
                  : h('a', { text: personName(p), attrs: { href: routeHash('person', p.person) } }),
            },
            { label: 'Team', value: (p) => p.team },
            { label: `Help ${when}`, numeric: true, value: (p) => p.weight },
            { label: 'Interactions', numeric: true, value: (p) => p.interactions },
            { label: 'First', value: (p) => formatDate(p.firstAt) },
            { label: 'Last', value: (p) => formatDate(p.lastAt) },
          ],
        });
  return [
    h(
      'article',
      { class: 'follow', attrs: { 'data-person': report.profile.person } },
      h(
        'h2',
        {},
        'Following up: ',
        h('a', { text: name, attrs: { href: routeHash('person', report.profile.person) } }),
      ),
      report.flags.length === 0
        ? h('p', { text: `${name} is not flagged in ${formatWindow(report.window)}.` })
        : h(
            'div',
            { class: 'flags' },
            h('p', {}, ...report.flags.map((flag) => h('span', { class: 'flag', text: flag }))),
            h('ul', { class: 'reasons' }, ...report.reasons.map((r) => h('li', { text: r }))),
          ),
      h('p', {
        class: 'summary',
        text:
          `From ${formatWindow(report.previousWindow)} to ${formatWindow(report.window)}: ` +
          `${plural(report.lost.length, 'partner')} lost, ${plural(report.gained.length, 'partner')} gained, ` +
          `${plural(report.kept, 'partner')} kept.`,
      }),
      weekChart(report.weeks, {
        from: report.previousWindow.from,
        to: report.window.to,
        cut: report.window.from,
      }),
      h(
        'div',
        { class: 'columns' },
        partnerTable(
          'Partners lost (help in the previous window, none since)',
          report.lost,
          'lost',
          'before',
        ),
        partnerTable(
          'Partners gained (help in this window, none before)',
          report.gained,
          'gained',
          'now',
        ),
      ),
      dataTable<FollowUp['weeks'][number]>({
        caption: 'Help per week',
        fileName: `helpflow-weeks-${report.profile.person}`,
        className: 'weeks',
        rows: report.weeks,
        columns: [
          { label: 'Week of', value: (w) => w.week },
          { label: 'Given', numeric: true, value: (w) => w.given },
          { label: 'Received', numeric: true, value: (w) => w.received },
          { label: 'Partners', numeric: true, value: (w) => w.partners },
        ],
      }),
    ),
  ];
}
