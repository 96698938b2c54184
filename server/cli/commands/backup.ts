import { backupDatabase, restoreDatabase, type BackupManifest } from '../../store/backup.ts';
import { count } from '../progress.ts';
import { UsageError, printJson, type Command } from '../command.ts';

export const backupCommand: Command = {
  viaServer: { newPathPositionals: [0] },
  help: () =>
    [
      'DIR must not exist or be empty. It gets the schema, one Parquet file per table and',
      'helpflow-backup.json (row counts, schema version), all read in one transaction: a',
      'running import is either wholly in the backup or not at all. While `helpflow serve` runs,',
      'the backup is made inside it. Bring it back with `helpflow restore DIR --db NEW_FILE`.',
    ].join('\n'),
  async run(context) {
    const [dir, ...rest] = context.positionals;
    if (!dir || rest.length > 0)
      throw new UsageError('backup takes one folder: helpflow backup DIR');
    const manifest = await backupDatabase(context.store, dir);
    if (context.json) printJson({ backup: dir, ...manifest });
    else console.log(`Backed up ${context.dbPath} to ${dir}: ${describe(manifest)}`);
    return 0;
  },
};

export const restoreCommand: Command = {
  needsStore: false,
  help: () =>
    [
      'NEW_FILE (--db, or $HELPFLOW_DB) must not exist: a restore never overwrites a database.',
      'Every table is checked against the row counts the backup recorded, then migrations this',
      'helpflow has and the backup lacks are applied. To go back to the restored data, stop the',
      'server and point it at NEW_FILE (or move NEW_FILE into place).',
    ].join('\n'),
  async run(context) {
    const [dir, ...rest] = context.positionals;
    if (!dir || rest.length > 0) {
      throw new UsageError('restore takes one folder: helpflow restore DIR --db NEW_FILE');
    }
    const manifest = await restoreDatabase(dir, context.dbPath);
    if (context.json) printJson({ database: context.dbPath, ...manifest });
    else console.log(`Restored ${dir} into ${context.dbPath}: ${describe(manifest)}`);
    return 0;
  },
};

function describe(manifest: BackupManifest): string {
  const tables = Object.values(manifest.tables);
  const rows = tables.reduce((sum, n) => sum + n, 0);
  return `${tables.length} tables, ${count(rows)} rows (made ${manifest.createdAt}, schema version ${manifest.schemaVersion})`;
}
