import { networkView } from '../network/network-view.ts';
import type { ViewName } from '../router.ts';
import { communitiesView } from './communities.ts';
import type { ViewFactory } from './context.ts';
import { expertsView } from './experts.ts';
import { flowsView } from './flows.ts';
import { followUpView } from './follow-up.ts';
import { importsView } from './imports.ts';
import { personView } from './person.ts';
import { teamView } from './team.ts';

export const VIEW_FACTORIES: Record<ViewName, ViewFactory> = {
  network: networkView,
  person: personView,
  follow: followUpView,
  team: teamView,
  flows: flowsView,
  experts: expertsView,
  communities: communitiesView,
  imports: importsView,
};
