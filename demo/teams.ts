/**
 * The demo's teams and what they talk about. Each topic has a few nouns, actions, error
 * messages, fixes and commands that the phrase templates (phrases.ts) fill in, so a thread in
 * #help-kubernetes reads like one.
 */

export interface TopicVocabulary {
  things: readonly string[];
  actions: readonly string[];
  errors: readonly string[];
  /** Imperative clauses: "raise the memory limit to 2Gi". */
  fixes: readonly string[];
  commands: readonly string[];
}

export interface TopicDefinition extends TopicVocabulary {
  name: string;
  channel: string;
}

export interface TeamDefinition {
  name: string;
  /** Location key (names.ts) of the team's main office. */
  office: string;
  titles: readonly string[];
  services: readonly string[];
  topics: readonly TopicDefinition[];
  /** Whether the team builds user interfaces (candidates for the frontend guild). */
  frontend: boolean;
}

export const TEAM_DEFINITIONS: readonly TeamDefinition[] = [
  {
    name: 'platform',
    office: 'london',
    titles: ['Platform Engineer', 'Software Engineer', 'Site Reliability Engineer'],
    services: ['cluster-autoscaler', 'ingress-gateway', 'build-runners'],
    frontend: false,
    topics: [
      {
        name: 'kubernetes',
        channel: 'help-kubernetes',
        things: [
          'the ingress controller',
          'the staging cluster',
          'the HPA on checkout-api',
          'the node pool autoscaler',
          'our Helm chart',
          'the namespace quota',
        ],
        actions: [
          'roll back a deployment',
          'give a service more memory',
          'add a new namespace',
          'drain a node safely',
          'expose a service internally',
        ],
        errors: [
          'CrashLoopBackOff',
          'OOMKilled',
          'ImagePullBackOff',
          'FailedScheduling: 0/12 nodes are available',
        ],
        fixes: [
          'raise the memory limit to 2Gi',
          'add a PodDisruptionBudget',
          'pin the chart to 4.2.1',
          'bump the replica count before the rollout',
          'set imagePullSecrets on the service account',
        ],
        commands: [
          'kubectl rollout undo deploy/checkout-api',
          'kubectl top pods -n payments',
          'helm diff upgrade',
        ],
      },
      {
        name: 'terraform',
        channel: 'help-terraform',
        things: [
          'the shared VPC module',
          'the Terraform state for prod',
          'the IAM module',
          'the Atlantis plan',
          'the RDS module',
        ],
        actions: [
          'import an existing bucket',
          'split a big state file',
          'add a new AWS account',
          'upgrade the AWS provider to v5',
        ],
        errors: [
          'Error acquiring the state lock',
          'Provider produced inconsistent final plan',
          'AccessDenied on s3:PutObject',
        ],
        fixes: [
          'run the plan through Atlantis instead of locally',
          'use a moved block instead of recreating it',
          'add the role to the trust policy',
          'force-unlock the state after checking nobody is applying',
        ],
        commands: [
          'terraform state mv',
          'terraform import aws_s3_bucket.assets assets-prod',
          'atlantis plan -d envs/prod',
        ],
      },
      {
        name: 'ci-cd',
        channel: 'help-ci',
        things: [
          'the build pipeline',
          'the GitHub Actions runners',
          'the deploy job',
          'the Docker layer cache',
          'the release workflow',
        ],
        actions: [
          'speed up the integration tests',
          're-run only the failed job',
          'add a manual approval step',
          'cache node_modules between builds',
        ],
        errors: [
          'exit code 137',
          'No space left on device',
          'Resource not accessible by integration',
        ],
        fixes: [
          'move the job to the large runners',
          'split the test suite into four shards',
          'clear the layer cache and retry',
          'add the contents: write permission to the workflow',
        ],
        commands: ['gh run rerun --failed', 'docker buildx prune', 'make ci-local'],
      },
    ],
  },
  {
    name: 'data',
    office: 'amsterdam',
    titles: ['Data Engineer', 'Analytics Engineer', 'Data Analyst'],
    services: ['ingestion-workers', 'warehouse-loader', 'metrics-api'],
    frontend: false,
    topics: [
      {
        name: 'data',
        channel: 'ask-data',
        things: [
          'the orders table in the warehouse',
          'the daily revenue dashboard',
          'the customer dimension',
          'the events stream in BigQuery',
          'the Looker explore for churn',
        ],
        actions: [
          'get weekly active users by country',
          'join orders to refunds',
          'find where a metric is defined',
          'get read access to the finance schema',
        ],
        errors: [
          'Query exceeded resource limits',
          'permission denied for schema finance',
          'Column not found: customer_id',
        ],
        fixes: [
          'use the fct_orders model instead of the raw table',
          'filter on the partition column first',
          'request access through the data catalog',
          'use the certified metric in the semantic layer',
        ],
        commands: ['select * from analytics.fct_orders limit 10', 'dbt docs serve'],
      },
      {
        name: 'airflow',
        channel: 'help-airflow',
        things: [
          'the nightly ingestion DAG',
          'the Airflow scheduler',
          'the Postgres sensor',
          'the backfill for June',
        ],
        actions: [
          'backfill two weeks of data',
          'retry only the failed tasks',
          'add a new connection',
          'change a DAG schedule',
        ],
        errors: ['Task received SIGTERM', 'DagRun timed out', 'Broken DAG: No module named pandas'],
        fixes: [
          'clear the task with downstream selected',
          'raise dagrun_timeout to three hours',
          'add the package to the image requirements',
          'set catchup to false before deploying',
        ],
        commands: [
          'airflow dags backfill -s 2026-06-01 orders_daily',
          'airflow tasks clear orders_daily',
        ],
      },
      {
        name: 'dbt',
        channel: 'help-dbt',
        things: [
          'the incremental orders model',
          'the dbt Cloud job',
          'the snapshot on customers',
          'the source freshness check',
        ],
        actions: [
          'make a model incremental',
          'add tests to a source',
          'rename a column without breaking downstream models',
          'run only modified models',
        ],
        errors: [
          'Compilation Error in model fct_orders',
          'Database Error: duplicate key value',
          'Source freshness exceeded',
        ],
        fixes: [
          'add a unique_key to the incremental config',
          'use state:modified+ in the CI job',
          'add a not_null test and fix the upstream join',
          'run a full refresh once',
        ],
        commands: ['dbt build -s state:modified+', 'dbt run --full-refresh -s fct_orders'],
      },
    ],
  },
  {
    name: 'payments',
    office: 'london',
    titles: ['Software Engineer', 'Backend Engineer', 'Frontend Engineer'],
    services: ['payments-api', 'ledger-service', 'billing-worker'],
    frontend: true,
    topics: [
      {
        name: 'payments',
        channel: 'help-payments',
        things: [
          'the payment intents flow',
          'the Stripe webhook handler',
          'the 3DS challenge page',
          'the payouts job',
          'the refunds queue',
        ],
        actions: [
          'test a declined card in staging',
          'replay a missed webhook',
          'issue a partial refund',
          'add a new payment method',
        ],
        errors: [
          'card_declined',
          'idempotency_key_in_use',
          'webhook signature verification failed',
        ],
        fixes: [
          'use the test card ending 0002',
          'replay the event from the Stripe dashboard',
          'pass the original idempotency key on retry',
          'rotate the webhook secret in Vault',
        ],
        commands: ['stripe trigger payment_intent.succeeded', 'stripe events resend evt_1PzQ'],
      },
      {
        name: 'billing',
        channel: 'ask-billing',
        things: [
          'the invoice generator',
          'the proration logic',
          'the tax calculation',
          'the subscription renewal job',
        ],
        actions: [
          'credit a customer for downtime',
          'change a plan mid-cycle',
          'regenerate an invoice PDF',
          'preview next month’s invoice',
        ],
        errors: [
          'InvoiceAlreadyFinalized',
          'tax rate not found for region',
          'negative line item total',
        ],
        fixes: [
          'void the invoice and issue a credit note',
          'set the proration behaviour to none',
          'add the region to the tax table',
          'run the renewal job with --dry-run first',
        ],
        commands: ['billing-cli invoice preview --account 4411'],
      },
      {
        name: 'fraud',
        channel: 'help-fraud',
        things: [
          'the risk score model',
          'the manual review queue',
          'the velocity rules',
          'the chargeback report',
        ],
        actions: [
          'allow-list a merchant',
          'tune a velocity rule',
          'export chargebacks for finance',
        ],
        errors: ['risk service timeout', 'rule evaluation failed', 'score out of range'],
        fixes: [
          'raise the threshold to 0.85 for that segment',
          'add the merchant to the allow list with an expiry',
          'fall back to the rules engine when the model times out',
        ],
        commands: ['fraudctl rules test velocity_eu'],
      },
    ],
  },
  {
    name: 'mobile',
    office: 'berlin',
    titles: ['iOS Engineer', 'Android Engineer', 'Mobile Engineer'],
    services: ['ios-app', 'android-app', 'mobile-bff'],
    frontend: true,
    topics: [
      {
        name: 'ios',
        channel: 'help-ios',
        things: [
          'the iOS release train',
          'the SwiftUI settings screen',
          'the push notification extension',
          'the TestFlight build',
          'the Xcode Cloud workflow',
        ],
        actions: [
          'get a build to TestFlight faster',
          'debug a crash that only happens on iOS 17',
          'add a new feature flag to the app',
        ],
        errors: [
          'EXC_BAD_ACCESS',
          'Provisioning profile doesn’t include the capability',
          'ITMS-90683: Missing purpose string',
        ],
        fixes: [
          'regenerate the provisioning profile with push enabled',
          'add the usage description to Info.plist',
          'wrap the call in a MainActor task',
          'bump the build number on the release branch',
        ],
        commands: ['fastlane beta', 'xcrun simctl erase all'],
      },
      {
        name: 'android',
        channel: 'help-android',
        things: [
          'the Android release build',
          'the Gradle cache',
          'the Compose navigation graph',
          'the Play Console rollout',
          'the R8 rules',
        ],
        actions: ['halt a staged rollout', 'shrink the APK size', 'test deep links locally'],
        errors: [
          'Execution failed for task :app:minifyReleaseWithR8',
          'ANR in MainActivity',
          'Duplicate class kotlin.collections.jdk8',
        ],
        fixes: [
          'add a keep rule for the model classes',
          'move the parsing off the main thread',
          'exclude the old stdlib from the dependency',
          'halt the rollout at 10 percent and ship a hotfix',
        ],
        commands: [
          './gradlew assembleRelease --scan',
          'adb shell am start -W -a android.intent.action.VIEW',
        ],
      },
    ],
  },
  {
    name: 'web',
    office: 'lisbon',
    titles: ['Frontend Engineer', 'Software Engineer', 'Product Designer'],
    services: ['storefront', 'web-checkout', 'design-system'],
    frontend: true,
    topics: [
      {
        name: 'react',
        channel: 'help-react',
        things: [
          'the checkout form',
          'the React Query cache',
          'the server components in the storefront',
          'the bundle size budget',
          'the hydration on the product page',
        ],
        actions: [
          'share state between two routes',
          'lazy-load the editor',
          'upgrade to React 19',
          'debug a hydration mismatch',
        ],
        errors: [
          'Hydration failed because the initial UI does not match',
          'Maximum update depth exceeded',
          'Cannot read properties of undefined',
        ],
        fixes: [
          'move the date formatting to the client',
          'memoise the selector',
          'invalidate the query after the mutation',
          'split the route with a dynamic import',
        ],
        commands: ['npm run analyze', 'npx react-scan localhost:3000'],
      },
      {
        name: 'design-system',
        channel: 'ask-design-system',
        things: [
          'the Button component',
          'the design tokens',
          'the Storybook',
          'the colour palette',
          'the Modal component',
        ],
        actions: ['add a new icon', 'propose a new component', 'theme a component for dark mode'],
        errors: ['token not found: color.surface.raised', 'visual regression in Storybook'],
        fixes: [
          'use the semantic token instead of the raw colour',
          'add a story and ask for a design review',
          'update the snapshot after checking it with design',
        ],
        commands: ['npm run storybook', 'npx chromatic --only-changed'],
      },
      {
        name: 'accessibility',
        channel: 'help-a11y',
        things: [
          'the date picker',
          'the focus order on the checkout page',
          'the screen reader labels',
          'the colour contrast on the banner',
        ],
        actions: ['make a custom dropdown accessible', 'test with VoiceOver', 'add skip links'],
        errors: ['axe: buttons must have discernible text', 'contrast ratio 3.1:1 is below 4.5:1'],
        fixes: [
          'use the native select under the hood',
          'add an aria-label to the icon button',
          'trap focus inside the dialog',
          'use the darker token for text on the banner',
        ],
        commands: ['npx axe http://localhost:3000/checkout'],
      },
    ],
  },
  {
    name: 'identity',
    office: 'warsaw',
    titles: ['Software Engineer', 'Backend Engineer', 'Security Engineer'],
    services: ['auth-service', 'session-store', 'scim-bridge'],
    frontend: true,
    topics: [
      {
        name: 'auth',
        channel: 'help-auth',
        things: [
          'the login service',
          'the session cookies',
          'the password reset flow',
          'the MFA enrolment',
          'the token refresh',
        ],
        actions: [
          'extend the session lifetime for internal tools',
          'test MFA in staging',
          'revoke all sessions for a user',
        ],
        errors: ['invalid_grant', '401 on token refresh', 'CSRF token mismatch'],
        fixes: [
          'check the clock skew on the client',
          'set SameSite=Lax on the session cookie',
          'use the refresh token rotation endpoint',
          'clear the cached JWKS',
        ],
        commands: ['authctl sessions revoke --user 1182'],
      },
      {
        name: 'sso',
        channel: 'help-sso',
        things: [
          'the SAML integration',
          'the Okta app',
          'the SCIM provisioning',
          'the OIDC discovery document',
        ],
        actions: [
          'onboard a new enterprise customer to SSO',
          'map groups to roles',
          'debug a SAML assertion',
        ],
        errors: ['InvalidNameIDPolicy', 'SCIM 409 conflict', 'audience mismatch in the assertion'],
        fixes: [
          'set the NameID format to email',
          'match users on the immutable id, not the email',
          'add the entity ID to the allowed audiences',
        ],
        commands: ['samltool decode assertion.xml'],
      },
    ],
  },
  {
    name: 'search',
    office: 'berlin',
    titles: ['Software Engineer', 'Search Engineer', 'Backend Engineer'],
    services: ['search-api', 'indexer', 'autocomplete'],
    frontend: false,
    topics: [
      {
        name: 'search',
        channel: 'help-search',
        things: [
          'the search relevance tuning',
          'the autocomplete service',
          'the synonyms list',
          'the ranking experiment',
        ],
        actions: ['boost new products', 'add a synonym', 'debug why a product does not show up'],
        errors: ['zero results for common queries', 'autocomplete p99 over 300ms'],
        fixes: [
          'add the term to the synonyms file and reindex',
          'lower the boost on popularity',
          'check that the product is published in that market',
        ],
        commands: ['searchctl explain --query "running shoes"'],
      },
      {
        name: 'elasticsearch',
        channel: 'help-elasticsearch',
        things: [
          'the products index',
          'the Elasticsearch cluster',
          'the reindex job',
          'the index template',
          'the shard allocation',
        ],
        actions: ['reindex without downtime', 'resize the cluster', 'change a mapping'],
        errors: [
          'circuit_breaking_exception',
          'cluster health is yellow',
          'mapper_parsing_exception',
        ],
        fixes: [
          'reindex into a new index and swap the alias',
          'raise the heap to 16 GB',
          'add a replica once the nodes are back',
          'use a keyword sub-field for sorting',
        ],
        commands: ['GET _cluster/allocation/explain', 'POST _aliases'],
      },
    ],
  },
  {
    name: 'growth',
    office: 'newYork',
    titles: ['Software Engineer', 'Growth Engineer', 'Product Analyst'],
    services: ['experiments-api', 'flags-service', 'tracking-gateway'],
    frontend: true,
    topics: [
      {
        name: 'experiments',
        channel: 'ask-experiments',
        things: [
          'the experiment platform',
          'the onboarding A/B test',
          'the sample ratio check',
          'the feature flag service',
        ],
        actions: ['size an experiment', 'stop a test early', 'target a flag to one market'],
        errors: ['sample ratio mismatch', 'flag evaluation returned default'],
        fixes: [
          'run it for two full weeks to cover the weekly cycle',
          'exclude internal users from the test',
          'check the flag key matches in both apps',
        ],
        commands: ['flags get onboarding_v2 --env prod'],
      },
      {
        name: 'tracking',
        channel: 'help-tracking',
        things: [
          'the event tracking plan',
          'the Segment source',
          'the signup funnel',
          'the UTM attribution',
        ],
        actions: [
          'add a new event to the tracking plan',
          'debug missing events from the app',
          'backfill attribution',
        ],
        errors: ['event blocked by tracking plan', 'schema violation: missing property plan_id'],
        fixes: [
          'add the property to the tracking plan first',
          'use the shared analytics wrapper instead of calling Segment directly',
          'replay the events from the dead-letter queue',
        ],
        commands: ['segment-cli validate events.yaml'],
      },
    ],
  },
  {
    name: 'reliability',
    office: 'toronto',
    titles: ['Site Reliability Engineer', 'Software Engineer', 'Database Engineer'],
    services: ['alertmanager', 'pgbouncer', 'log-collector'],
    frontend: false,
    topics: [
      {
        name: 'observability',
        channel: 'help-observability',
        things: [
          'the Grafana dashboards',
          'the Prometheus retention',
          'the tracing sampler',
          'the alert routing',
          'the log pipeline',
        ],
        actions: [
          'add an SLO for a new service',
          'silence an alert during maintenance',
          'find slow traces',
        ],
        errors: [
          'too many series',
          'alert firing with no data',
          'log lines dropped at the collector',
        ],
        fixes: [
          'drop the user_id label from the metric',
          'use the recording rule instead',
          'raise the sampling rate for that service to 10 percent',
          'route the alert to the owning team',
        ],
        commands: ['amtool silence add alertname=HighLatency', 'logcli query {app="checkout"}'],
      },
      {
        name: 'incidents',
        channel: 'help-incidents',
        things: [
          'the incident process',
          'the status page',
          'the on-call rota',
          'the postmortem template',
        ],
        actions: ['declare an incident', 'hand over on-call', 'write a postmortem'],
        errors: ['pager did not escalate', 'status page stuck on degraded'],
        fixes: [
          'use /incident declare in Slack',
          'swap the shift in PagerDuty',
          'link the postmortem to the incident ticket',
        ],
        commands: ['/incident declare', 'pd schedule override'],
      },
      {
        name: 'postgres',
        channel: 'help-postgres',
        things: [
          'the primary database',
          'the read replicas',
          'the slow query log',
          'the connection pool',
          'the migration for the orders table',
        ],
        actions: [
          'add an index without locking',
          'kill a long-running query',
          'upgrade to Postgres 16',
        ],
        errors: [
          'too many connections',
          'canceling statement due to lock timeout',
          'replication lag over 30s',
        ],
        fixes: [
          'create the index concurrently',
          'route the report to the replica',
          'raise the pool size in PgBouncer',
          'split the migration into smaller batches',
        ],
        commands: ['select pg_cancel_backend(pid)', 'create index concurrently'],
      },
    ],
  },
  {
    name: 'security',
    office: 'london',
    titles: ['Security Engineer', 'Application Security Engineer', 'Compliance Analyst'],
    services: ['waf-rules', 'vuln-scanner', 'vault'],
    frontend: false,
    topics: [
      {
        name: 'appsec',
        channel: 'help-appsec',
        things: [
          'the dependency scanner',
          'the WAF rules',
          'the pen test findings',
          'the SAST pipeline',
        ],
        actions: [
          'triage a critical CVE',
          'get an exception for a finding',
          'review a new third-party library',
        ],
        errors: [
          'critical vulnerability in a transitive dependency',
          'WAF blocking legitimate requests',
        ],
        fixes: [
          'bump the library and add an override',
          'add a WAF exception for that path',
          'file an exception with an expiry date',
        ],
        commands: ['npm audit --omit dev', 'trivy image payments-api:latest'],
      },
      {
        name: 'compliance',
        channel: 'ask-compliance',
        things: [
          'the SOC 2 evidence',
          'the access reviews',
          'the data retention policy',
          'the vendor assessment',
        ],
        actions: [
          'prepare for the audit',
          'request production access',
          'delete customer data on request',
        ],
        errors: ['access review overdue', 'evidence missing for control CC6.1'],
        fixes: [
          'use the access request form',
          'attach the screenshot to the control in the GRC tool',
          'run the deletion job and record the ticket',
        ],
        commands: [],
      },
    ],
  },
  {
    name: 'ml',
    office: 'bangalore',
    titles: ['Machine Learning Engineer', 'Data Scientist', 'Software Engineer'],
    services: ['recsys-serving', 'training-pipeline', 'feature-store'],
    frontend: false,
    topics: [
      {
        name: 'ml-models',
        channel: 'help-ml',
        things: [
          'the recommendation model',
          'the training pipeline',
          'the model registry',
          'the GPU quota',
          'the offline evaluation',
        ],
        actions: [
          'retrain on fresh data',
          'roll out a model gradually',
          'compare two model versions',
        ],
        errors: ['CUDA out of memory', 'training loss is NaN', 'feature skew detected'],
        fixes: [
          'halve the batch size',
          'clip the gradients',
          'log the features at serving time and compare',
        ],
        commands: ['mlctl deploy recsys --canary 5'],
      },
      {
        name: 'feature-store',
        channel: 'help-feature-store',
        things: [
          'the feature store',
          'the online store latency',
          'the feature definitions',
          'the materialisation job',
        ],
        actions: ['add a new feature', 'backfill a feature', 'read features in batch'],
        errors: ['feature view not found', 'materialisation job failed'],
        fixes: [
          'register the feature view before applying',
          'run the backfill with a smaller window',
        ],
        commands: ['feast apply', 'feast materialize-incremental 2026-07-01T00:00:00'],
      },
    ],
  },
  {
    name: 'core-api',
    office: 'saoPaulo',
    titles: ['Backend Engineer', 'Software Engineer', 'API Engineer'],
    services: ['api-gateway', 'orders-service', 'graphql-gateway'],
    frontend: false,
    topics: [
      {
        name: 'api-gateway',
        channel: 'help-api',
        things: [
          'the API gateway',
          'the rate limiter',
          'the public API docs',
          'the versioning policy',
          'the OpenAPI spec',
        ],
        actions: ['deprecate an endpoint', 'add a new scope', 'raise the rate limit for a partner'],
        errors: ['429 Too Many Requests', '502 from the gateway', 'schema validation failed'],
        fixes: [
          'add the partner to the higher tier',
          'set the upstream timeout to 30s',
          'regenerate the client from the spec',
        ],
        commands: ['curl -I https://api.example.com/v2/health'],
      },
      {
        name: 'kafka',
        channel: 'help-kafka',
        things: [
          'the orders topic',
          'the consumer group for billing',
          'the schema registry',
          'the Kafka Connect cluster',
          'the dead-letter queue',
        ],
        actions: ['replay a topic from an offset', 'add a partition', 'evolve a schema safely'],
        errors: ['consumer lag over 1M', 'SerializationException', 'rebalance in progress'],
        fixes: [
          'reset the consumer group offsets to the timestamp',
          'add the field with a default so the schema stays compatible',
          'raise max.poll.interval.ms',
        ],
        commands: ['kafka-consumer-groups --reset-offsets --to-datetime', 'kcat -C -t orders'],
      },
      {
        name: 'graphql',
        channel: 'help-graphql',
        things: [
          'the GraphQL schema',
          'the federation gateway',
          'the dataloaders',
          'the persisted queries',
        ],
        actions: ['add a field to the schema', 'deprecate a field', 'debug an N+1 query'],
        errors: ['Cannot query field on type Order', 'query complexity exceeded'],
        fixes: [
          'batch the lookups with a dataloader',
          'mark the field @deprecated with a reason',
          'add the query to the persisted list',
        ],
        commands: ['rover subgraph check'],
      },
    ],
  },
];

/** The cross-team community: frontend people from several teams helping each other. */
export const GUILD: TopicDefinition = {
  name: 'frontend',
  channel: 'guild-frontend',
  things: [
    'the shared ESLint config',
    'the Vite migration',
    'the monorepo build',
    'the Playwright suite',
    'the web vitals report',
    'container queries',
  ],
  actions: [
    'migrate from Jest to Vitest',
    'share components between web and mobile web',
    'speed up the dev server',
    'set up visual tests',
  ],
  errors: ['ERR_REQUIRE_ESM', 'flaky Playwright test on CI', 'LCP regression on the product page'],
  fixes: [
    'switch the package to ESM and add an exports map',
    'wait for the network to be idle instead of a fixed timeout',
    'preload the hero image',
    'move the shared config into its own package',
  ],
  commands: ['npx vitest --changed', 'npx playwright test --repeat-each 20'],
};

/** What the #general channel asks about. */
export const GENERAL: TopicDefinition = {
  name: 'general',
  channel: 'general',
  things: [
    'the VPN',
    'the expense tool',
    'the office Wi-Fi',
    'the laptop refresh',
    'the wiki',
    'the travel policy',
  ],
  actions: [
    'book a meeting room',
    'get a second monitor',
    'submit expenses in another currency',
    'request a day off',
  ],
  errors: ['VPN error 809', 'SSO loop on the wiki'],
  fixes: [
    'reinstall the VPN profile from the self-service portal',
    'use the IT request form',
    'clear the cookies for the wiki',
  ],
  commands: [],
};

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
