import type { PersonView } from '../api/types.ts';
import type { NodeData } from '../network/graph-model.ts';
import { h } from '../ui/dom.ts';
import { filterQuery } from '../ui/filters.ts';
import { fill } from '../ui/states.ts';
import type { AppContext } from './context.ts';
import { personDetails } from './person-details.ts';

/** The panel that opens beside the network when a person is clicked or found. */
export function personPanel(context: AppContext, node: NodeData): HTMLElement {
  const region = h('div', { class: 'panel-body' });
  if (node.pseudonymised) {
    region.append(
      h('h3', { text: node.team ? `Someone in ${node.team}` : 'Someone' }),
      h('p', {
        text: 'Your role sees this person pseudonymised: their ties are in the picture, not their name or page.',
      }),
    );
    return region;
  }
  void fill(
    region,
    'the person',
    () =>
      context.session.api.get<PersonView>(
        `/people/${encodeURIComponent(node.key)}`,
        filterQuery(context.filters),
      ),
    (view) => personDetails(view, { compact: true }),
  );
  return region;
}
