import type { Command } from '../command.ts';
import { briefCommand } from './brief.ts';
import { demoCommand } from './demo.ts';
import { exportCommand } from './export.ts';
import { identitiesCommand } from './identities.ts';
import { importCommand } from './import.ts';
import { importsCommand } from './imports.ts';
import { reportCommand } from './report.ts';
import { statsCommand } from './stats.ts';
import { serveCommand } from './serve.ts';
import { tokenCommand } from './token.ts';
import { peopleCommand } from './people.ts';
import { auditCommand } from './audit.ts';
import { backupCommand, restoreCommand } from './backup.ts';
import { retentionCommand } from './retention.ts';
import { syncCommand } from './sync.ts';

export const COMMANDS: readonly Command[] = [
  importCommand,
  statsCommand,
  importsCommand,
  reportCommand,
  briefCommand,
  exportCommand,
  demoCommand,
  serveCommand,
  tokenCommand,
  peopleCommand,
  auditCommand,
  syncCommand,
  identitiesCommand,
  backupCommand,
  restoreCommand,
  retentionCommand,
];
