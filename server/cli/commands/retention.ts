import { DeployConfigError, loadDeployConfig, type DeployConfig } from '../../deploy/config.ts';
import { applyRetention, describeRetention, planRetention } from '../../store/retention.ts';
import { configPath } from '../../sync/config.ts';
import { UsageError, printJson, stringValue, type Command } from '../command.ts';

export const retentionCommand: Command = {
  options: { apply: { type: 'boolean', default: false }, config: { type: 'string' } },
  viaServer: { pathOptions: ['config'] },
  help: () =>
    [
      'The policy is "retention" in --config FILE (else $HELPFLOW_CONFIG, else',
      './helpflow.config.json): { "retention": { "days": 730, "auditDays": 730 } }, the defaults.',
      'days: help events and activity older than this are deleted; auditDays: audit entries;',
      '0 keeps everything. `helpflow import` and `helpflow serve` (after each import and',
      'daily) apply it; this command says what would go, and --apply deletes it now.',
    ].join('\n'),
  async run(context) {
    if (context.positionals.length > 0) throw new UsageError('retention takes no arguments');
    const { retention } = deployConfig(configPath(stringValue(context, 'config')));
    const dryRun = context.values.apply !== true;
    const result = dryRun
      ? await planRetention(context.store, retention)
      : await applyRetention(context.store, retention);
    if (context.json) printJson({ policy: retention, dryRun, ...result });
    else {
      console.log(
        `Policy: events ${retention.days ? `${retention.days} days` : 'kept forever'}, ` +
          `audit entries ${retention.auditDays ? `${retention.auditDays} days` : 'kept forever'}`,
      );
      console.log(describeRetention(result, dryRun));
    }
    return 0;
  },
};

/** The config file's settings; a mistake in it is a usage error that names file and field. */
export function deployConfig(file: string): DeployConfig {
  try {
    return loadDeployConfig(file);
  } catch (error) {
    if (error instanceof DeployConfigError) throw new UsageError(error.message);
    throw error;
  }
}
