import { aliases } from './aliases/index.ts';
import { github } from './github/index.ts';
import { interactions } from './interactions/index.ts';
import { mbox } from './mbox/index.ts';
import { orgChart } from './org-chart/index.ts';
import { slackApi } from './slack-api/index.ts';
import { slackExport } from './slack-export/index.ts';
import { stackExchange } from './stackexchange/index.ts';
import type { Connector } from './types.ts';

export const CONNECTORS: readonly Connector[] = [
  slackExport,
  interactions,
  orgChart,
  aliases,
  slackApi,
  github,
  stackExchange,
  mbox,
];

export function findConnector(id: string): Connector | undefined {
  return CONNECTORS.find((connector) => connector.id === id);
}
