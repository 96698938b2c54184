/**
 * The demo's teams: their names, offices, job titles and topics, each topic with the channel
 * where people ask about it. These are planted facts (the org chart, the topic channels, the
 * go-to experts per topic); what people say about the topics is not (message-text.ts).
 */

export interface TopicDefinition {
  name: string;
  channel: string;
}

export interface TeamDefinition {
  name: string;
  /** Location key (names.ts) of the team's main office. */
  office: string;
  titles: readonly string[];
  topics: readonly TopicDefinition[];
  /** Whether the team builds user interfaces (candidates for the frontend guild). */
  frontend: boolean;
}

export const TEAM_DEFINITIONS: readonly TeamDefinition[] = [
  {
    name: 'platform',
    office: 'london',
    titles: ['Platform Engineer', 'Software Engineer', 'Site Reliability Engineer'],
    frontend: false,
    topics: [
      { name: 'kubernetes', channel: 'help-kubernetes' },
      { name: 'terraform', channel: 'help-terraform' },
      { name: 'ci-cd', channel: 'help-ci' },
    ],
  },
  {
    name: 'data',
    office: 'amsterdam',
    titles: ['Data Engineer', 'Analytics Engineer', 'Data Analyst'],
    frontend: false,
    topics: [
      { name: 'data', channel: 'ask-data' },
      { name: 'airflow', channel: 'help-airflow' },
      { name: 'dbt', channel: 'help-dbt' },
    ],
  },
  {
    name: 'payments',
    office: 'london',
    titles: ['Software Engineer', 'Backend Engineer', 'Frontend Engineer'],
    frontend: true,
    topics: [
      { name: 'payments', channel: 'help-payments' },
      { name: 'billing', channel: 'ask-billing' },
      { name: 'fraud', channel: 'help-fraud' },
    ],
  },
  {
    name: 'mobile',
    office: 'berlin',
    titles: ['iOS Engineer', 'Android Engineer', 'Mobile Engineer'],
    frontend: true,
    topics: [
      { name: 'ios', channel: 'help-ios' },
      { name: 'android', channel: 'help-android' },
    ],
  },
  {
    name: 'web',
    office: 'lisbon',
    titles: ['Frontend Engineer', 'Software Engineer', 'Product Designer'],
    frontend: true,
    topics: [
      { name: 'react', channel: 'help-react' },
      { name: 'design-system', channel: 'ask-design-system' },
      { name: 'accessibility', channel: 'help-a11y' },
    ],
  },
  {
    name: 'identity',
    office: 'warsaw',
    titles: ['Software Engineer', 'Backend Engineer', 'Security Engineer'],
    frontend: true,
    topics: [
      { name: 'auth', channel: 'help-auth' },
      { name: 'sso', channel: 'help-sso' },
    ],
  },
  {
    name: 'search',
    office: 'berlin',
    titles: ['Software Engineer', 'Search Engineer', 'Backend Engineer'],
    frontend: false,
    topics: [
      { name: 'search', channel: 'help-search' },
      { name: 'elasticsearch', channel: 'help-elasticsearch' },
    ],
  },
  {
    name: 'growth',
    office: 'newYork',
    titles: ['Software Engineer', 'Growth Engineer', 'Product Analyst'],
    frontend: true,
    topics: [
      { name: 'experiments', channel: 'ask-experiments' },
      { name: 'tracking', channel: 'help-tracking' },
    ],
  },
  {
    name: 'reliability',
    office: 'toronto',
    titles: ['Site Reliability Engineer', 'Software Engineer', 'Database Engineer'],
    frontend: false,
    topics: [
      { name: 'observability', channel: 'help-observability' },
      { name: 'incidents', channel: 'help-incidents' },
      { name: 'postgres', channel: 'help-postgres' },
    ],
  },
  {
    name: 'security',
    office: 'london',
    titles: ['Security Engineer', 'Application Security Engineer', 'Compliance Analyst'],
    frontend: false,
    topics: [
      { name: 'appsec', channel: 'help-appsec' },
      { name: 'compliance', channel: 'ask-compliance' },
    ],
  },
  {
    name: 'ml',
    office: 'bangalore',
    titles: ['Machine Learning Engineer', 'Data Scientist', 'Software Engineer'],
    frontend: false,
    topics: [
      { name: 'ml-models', channel: 'help-ml' },
      { name: 'feature-store', channel: 'help-feature-store' },
    ],
  },
  {
    name: 'core-api',
    office: 'saoPaulo',
    titles: ['Backend Engineer', 'Software Engineer', 'API Engineer'],
    frontend: false,
    topics: [
      { name: 'api-gateway', channel: 'help-api' },
      { name: 'kafka', channel: 'help-kafka' },
      { name: 'graphql', channel: 'help-graphql' },
    ],
  },
];

/** The cross-team community: frontend people from several teams helping each other. */
export const GUILD: TopicDefinition = { name: 'frontend', channel: 'guild-frontend' };

/** What the #general channel is about. */
export const GENERAL: TopicDefinition = { name: 'general', channel: 'general' };

/** Second words for team names when an organisation has more teams than definitions. */
export const TEAM_SUFFIXES = [
  'core',
  'apps',
  'infra',
  'emea',
  'americas',
  'apac',
  'labs',
  'tools',
  'edge',
  'scale',
];
