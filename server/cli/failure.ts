import { ImportError } from '../../connectors/errors.ts';
import { ReportError } from '../reports/report-error.ts';
import { UsageError } from './command.ts';

/**
 * Says on standard error why a command failed and returns its exit code: 2 for a wrong command
 * line or report question, 1 for anything else. The CLI and the admin socket share it, so a
 * command fails the same way whether it ran here or in `helpflow serve`.
 */
export function reportFailure(error: unknown): number {
  if (error instanceof UsageError || error instanceof ReportError) {
    console.error(`helpflow: ${error.message}`);
    return 2;
  }
  if (error instanceof ImportError) {
    console.error(`helpflow: import failed, nothing was stored: ${error.message}`);
    return 1;
  }
  console.error(`helpflow: ${(error as Error).message}`);
  if (process.env.HELPFLOW_DEBUG) console.error(error);
  return 1;
}
