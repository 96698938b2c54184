import type { Session } from '../api/session.ts';
import type { Role } from '../api/types.ts';
import type { Route, ViewName } from '../router.ts';
import type { Filters } from '../ui/filters.ts';

/** What every view gets: who is signed in, the shared filters, and a way to move on. */
export interface AppContext {
  session: Session;
  filters: Filters;
  setFilters(filters: Filters): void;
  navigate(hash: string): void;
}

export interface View {
  element: HTMLElement;
  /** Stops what the view started (a renderer, a stream) when another view replaces it. */
  dispose?(): void;
}

export type ViewFactory = (context: AppContext, route: Route) => View;

/** The views each role may open, in the order of the navigation bar. */
export const VIEWS_BY_ROLE: Record<Role, ViewName[]> = {
  admin: ['network', 'team', 'flows', 'experts', 'communities', 'imports'],
  analyst: ['network', 'flows', 'experts', 'communities', 'imports'],
  manager: ['team', 'network', 'flows', 'experts', 'communities'],
  member: ['person', 'experts'],
};

export const VIEW_TITLES: Record<ViewName, string> = {
  network: 'Network',
  person: 'Person',
  follow: 'Follow up',
  team: 'My team',
  flows: 'Flows',
  experts: 'Experts',
  communities: 'Communities',
  imports: 'Imports',
};
