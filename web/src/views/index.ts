import { networkView } from '../network/network-view.ts';
import type { ViewName } from '../router.ts';
import { h } from '../ui/dom.ts';
import type { ViewFactory } from './context.ts';
import { expertsView } from './experts.ts';
import { flowsView } from './flows.ts';
import { personView } from './person.ts';
import { teamView } from './team.ts';

const later: ViewFactory = () => ({ element: h('p', { text: 'Not built yet.' }) });

export const VIEW_FACTORIES: Record<ViewName, ViewFactory> = {
  network: networkView,
  person: personView,
  team: teamView,
  flows: flowsView,
  experts: expertsView,
  communities: later,
  imports: later,
};
