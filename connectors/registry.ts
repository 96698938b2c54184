import { aliases } from './aliases/index.ts';
import { discord } from './discord/index.ts';
import { git } from './git/index.ts';
import { interactions } from './interactions/index.ts';
import { mattermost } from './mattermost/index.ts';
import { orgChart } from './org-chart/index.ts';
import { slackExport } from './slack-export/index.ts';
import { teams } from './teams/index.ts';
import type { Connector } from './types.ts';

export const CONNECTORS: readonly Connector[] = [
  slackExport,
  interactions,
  orgChart,
  aliases,
  git,
  mattermost,
  teams,
  discord,
];

export function findConnector(id: string): Connector | undefined {
  return CONNECTORS.find((connector) => connector.id === id);
}
