import type { Command } from '../command.ts';
import { demoCommand } from './demo.ts';
import { exportCommand } from './export.ts';
import { identitiesCommand } from './identities.ts';
import { importCommand } from './import.ts';
import { importsCommand } from './imports.ts';
import { reportCommand } from './report.ts';
import { statsCommand } from './stats.ts';

export const COMMANDS: readonly Command[] = [
  importCommand,
  statsCommand,
  importsCommand,
  reportCommand,
  exportCommand,
  demoCommand,
  identitiesCommand,
];
