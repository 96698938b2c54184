import { activity } from './activity/index.ts';
import { aliases } from './aliases/index.ts';
import { github } from './github/index.ts';
import { interactions } from './interactions/index.ts';
import { mbox } from './mbox/index.ts';
import { discord } from './discord/index.ts';
import { git } from './git/index.ts';
import { mattermost } from './mattermost/index.ts';
import { orgChart } from './org-chart/index.ts';
import { slackApi } from './slack-api/index.ts';
import { slackExport } from './slack-export/index.ts';
import { stackExchange } from './stackexchange/index.ts';
import { teams } from './teams/index.ts';
import type { Connector } from './types.ts';

export const CONNECTORS: readonly Connector[] = [
  slackExport,
  interactions,
  activity,
  orgChart,
  aliases,
  slackApi,
  github,
  stackExchange,
  mbox,
  git,
  mattermost,
  teams,
  discord,
];

export function findConnector(id: string): Connector | undefined {
  return CONNECTORS.find((connector) => connector.id === id);
}
