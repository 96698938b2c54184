import type { ApiConfig } from '../../services/settings.ts';
import { configPath, loadSyncConfig, SyncConfigError } from '../../sync/config.ts';
import { DeployConfigError, parseOidc } from '../../deploy/config.ts';
import { deployConfig } from './retention.ts';
import { UsageError, stringValue, type Command, type CommandContext } from '../command.ts';

export const serveCommand: Command = {
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    'min-group-size': { type: 'string' },
    'sync-every': { type: 'string' },
    config: { type: 'string' },
    'oidc-issuer': { type: 'string' },
    'oidc-client-id': { type: 'string' },
  },
  help: () =>
    [
      'Listens on --host (default 127.0.0.1) and --port (default 8080, or $PORT). Every route but',
      '/api/v1/health and /api/docs needs a token: make one with `helpflow token create`.',
      'While it runs, the other commands (token, people, identities, imports, stats, audit, report,',
      'export, import) run inside it, through the admin socket DB.sock beside the database that',
      'only its owner can open: same output, same exit codes, no token needed.',
      '--min-group-size N: no team figure for a smaller group (default 5).',
      'Old events and audit entries are deleted after each import and daily, as `retention` in',
      '--config FILE says (default: 730 days each; see `helpflow retention`).',
      '--sync-every MINUTES: sync the sources of --config FILE (default helpflow.config.json, see',
      '`helpflow sync`) at start and then every MINUTES; GET /api/v1/sync shows each source.',
      '--oidc-issuer URL --oidc-client-id ID: people sign in with your OpenID provider (the',
      'secret from the variable "oidc.clientSecretEnv" of --config names; roles from the org',
      'chart and the groups of "oidc"); see Deploy in the README. Bearer tokens keep working.',
      'Stops gracefully on Ctrl-C or SIGTERM.',
    ].join('\n'),
  async run(context) {
    const { url, stopped } = await startServer(context);
    console.log(`helpflow is serving ${context.dbPath} at ${url} (API docs: ${url}/api/docs)`);
    await stopped;
    return 0;
  },
};

/** Starts the server with the command line's --port, --host and --min-group-size. */
export async function startServer(context: CommandContext) {
  const port = wholeNumber(stringValue(context, 'port') ?? process.env.PORT ?? '8080', '--port');
  const host = stringValue(context, 'host') ?? '127.0.0.1';
  const minText = stringValue(context, 'min-group-size');
  const config: Partial<ApiConfig> =
    minText === undefined ? {} : { minGroupSize: wholeNumber(minText, '--min-group-size') };
  const configFile = configPath(stringValue(context, 'config'));
  const deploy = deployConfig(configFile);
  config.retention = deploy.retention;
  config.trustProxy = deploy.trustProxy;
  config.oidc = deploy.oidc;
  const issuer = stringValue(context, 'oidc-issuer');
  const clientId = stringValue(context, 'oidc-client-id');
  if (issuer !== undefined || clientId !== undefined) {
    try {
      config.oidc = parseOidc(
        { ...deploy.oidc, ...(issuer ? { issuer } : {}), ...(clientId ? { clientId } : {}) },
        '--oidc-issuer/--oidc-client-id',
      );
    } catch (error) {
      if (error instanceof DeployConfigError) throw new UsageError(error.message);
      throw error;
    }
  }
  const every = stringValue(context, 'sync-every');
  if (every !== undefined) {
    const minutes = Number(every);
    if (!(minutes > 0)) {
      throw new UsageError(`--sync-every "${every}" is not a number of minutes > 0`);
    }
    try {
      config.sync = { config: await loadSyncConfig(configFile), intervalMs: minutes * 60_000 };
    } catch (error) {
      if (error instanceof SyncConfigError) throw new UsageError(error.message);
      throw error;
    }
  }
  // The server loads when it starts, not with this module: `demo` without --serve needs none of it.
  const [{ serve }, { dashboard, ensureDashboard }, { attachAdminSocket }] = await Promise.all([
    import('../../main.ts'),
    import('../../plugins/dashboard.ts'),
    import('../admin-socket.ts'),
  ]);
  await ensureDashboard();
  return serve({
    store: context.store,
    port,
    host,
    config,
    extend: async (app) => {
      await dashboard(app);
      await attachAdminSocket(app, context.dbPath, configFile);
    },
  });
}

function wholeNumber(text: string, name: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0)
    throw new UsageError(`${name} "${text}" is not a whole number`);
  return value;
}
