import { tableFileConnector } from '../table-file.ts';

/** People and their teams and managers: `person,name,email,team,manager,title,joined[,location]`. */
export const orgChart = tableFileConnector({
  id: 'org-chart',
  description: 'people, teams and managers from an org chart CSV',
  entity: 'people',
  formats: ['csv'],
});
