import type { PersonView } from '../api/types.ts';
import type { Route } from '../router.ts';
import { h } from '../ui/dom.ts';
import { filterForm, filterQuery } from '../ui/filters.ts';
import { empty, fill } from '../ui/states.ts';
import type { AppContext, View } from './context.ts';
import { personDetails } from './person-details.ts';

/** The Person view: one person's page (the server writes each view to the audit log). */
export function personView(context: AppContext, route: Route): View {
  const region = h('div', { class: 'region' });
  const element = h(
    'section',
    { class: 'view person-view' },
    filterForm(context.filters, {}, (filters) => context.setFilters(filters)),
    region,
  );
  const id = route.arg;
  if (!id) region.append(empty('No person is linked to this token.'));
  else {
    void fill(
      region,
      'the person',
      () =>
        context.session.api.get<PersonView>(
          `/people/${encodeURIComponent(id)}`,
          filterQuery(context.filters),
        ),
      (view) => personDetails(view, { compact: false }),
    );
  }
  return { element };
}
