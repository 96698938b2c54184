import { describe, expect, it } from 'vitest';
import { progressLine } from '../server/cli/progress.ts';

/** A stand-in for process.stderr that records what is written to it. */
function terminal(isTTY: boolean) {
  const written: string[] = [];
  const stream = { isTTY, write: (text: string) => written.push(text) > 0 };
  return { stream: stream as unknown as NodeJS.WriteStream, written };
}

const progress = (elapsedMs: number) => ({
  records: 12_000,
  interactions: 9_500,
  skipped: 2_500,
  read: 40,
  total: 120,
  elapsedMs,
});

describe('import progress on a terminal', () => {
  it('draws records, rate, help events, skips and files in place, then clears the line', () => {
    const { stream, written } = terminal(true);
    const line = progressLine(stream);
    line.update(progress(500));
    expect(written).toEqual([]); // quick imports draw nothing
    line.update(progress(2_000));
    expect(written).toHaveLength(1);
    expect(written[0]!.startsWith('\r\x1b[K')).toBe(true);
    expect(written[0]).toContain('12,000 records read (6,000/s)');
    expect(written[0]).toContain('9,500 help events');
    expect(written[0]).toContain('2,500 skipped');
    expect(written[0]).toContain('40/120 files');
    line.done();
    expect(written.at(-1)).toBe('\r\x1b[K');
  });

  it('stays silent when the output is not a terminal', () => {
    const { stream, written } = terminal(false);
    const line = progressLine(stream);
    line.update(progress(5_000));
    line.done();
    expect(written).toEqual([]);
  });
});
