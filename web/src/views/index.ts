import { networkView } from '../network/network-view.ts';
import type { ViewName } from '../router.ts';
import type { ViewFactory } from './context.ts';
import { personView } from './person.ts';
import { h } from '../ui/dom.ts';

const later: ViewFactory = () => ({ element: h('p', { text: 'Not built yet.' }) });

export const VIEW_FACTORIES: Record<ViewName, ViewFactory> = {
  network: networkView,
  person: personView,
  team: later,
  flows: later,
  experts: later,
  communities: later,
  imports: later,
};
