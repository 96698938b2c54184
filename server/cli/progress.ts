import type { ImportProgress } from '../store/ingest.ts';

/**
 * A one-line progress display for long imports, redrawn in place on a terminal. Nothing is
 * drawn when standard error is not a terminal (scripts, CI) or during the first second.
 */
export function progressLine(stream: NodeJS.WriteStream = process.stderr): {
  update(progress: ImportProgress): void;
  done(): void;
} {
  let drawn = false;
  return {
    update(progress) {
      if (!stream.isTTY || progress.elapsedMs < 1000) return;
      const seconds = progress.elapsedMs / 1000;
      const rate = Math.round(progress.records / seconds);
      const part =
        progress.total !== undefined ? ` · ${progress.read}/${progress.total} files` : '';
      stream.write(
        `\r\x1b[K  ${count(progress.records)} records read (${count(rate)}/s) · ` +
          `${count(progress.interactions)} help events · ${count(progress.skipped)} skipped${part}`,
      );
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}

export function count(value: number): string {
  return value.toLocaleString('en-US');
}
