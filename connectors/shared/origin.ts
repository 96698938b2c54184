/** Where a piece of input came from, a file or an entry inside an archive, for errors to name. */
import { ImportError } from '../errors.ts';

export interface Origin {
  file: string;
  entry?: string;
}

/** An ImportError naming the file and, inside an archive, the entry before the record. */
export function badInput(
  origin: Origin,
  problem: string,
  where: { record?: string; field?: string } = {},
): ImportError {
  const record = [origin.entry && `entry ${origin.entry}`, where.record].filter(Boolean).join(', ');
  return new ImportError(origin.file, problem, { record: record || undefined, field: where.field });
}
