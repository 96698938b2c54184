/** What a connector passed over is counted by reason, never dropped silently (docs/help.md). */
import type { SkippedRecord } from '../types.ts';

/** Counts skipped messages by reason; one record per reason at the end of the import. */
export class SkipTally {
  private readonly counts = new Map<string, number>();

  add(reason: string): void {
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + 1);
  }

  records(): SkippedRecord[] {
    return [...this.counts].map(([reason, count]) => ({ type: 'skipped', reason, count }));
  }
}
