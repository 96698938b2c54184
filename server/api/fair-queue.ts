import { TooBusyError } from './errors.ts';

/**
 * Cold computations (a report, a graph, a page the caches don't hold) wait here, one queue per
 * owner (an API token), served in turn. Each slot is an analytics worker thread of its own, and
 * each owner has at most one computation running, so an owner who asks for thirty windows at
 * once keeps one worker busy while everyone else gets the next free one: a long synchronous
 * layout in one worker can't hold up another user's report in the other. An owner with
 * `maxWaiting` computations already under way is refused with a 429 and Retry-After instead of
 * piling work (and memory) onto the server.
 */

export interface FairQueueOptions {
  /** Computations running at once, over all owners: one analytics worker each. */
  concurrency: number;
  /** Computations one owner may have running or waiting; more are refused. */
  maxWaiting: number;
}

export const DEFAULT_FAIR_QUEUE: FairQueueOptions = { concurrency: 2, maxWaiting: 4 };

interface Task {
  /** The slot it prefers (where its inputs are likely cached), if any. */
  prefer: number | undefined;
  run: (slot: number) => void;
}

export class FairQueue {
  private readonly options: FairQueueOptions;
  /** Waiting tasks per owner; an owner is in `turns` while it has any. */
  private readonly waiting = new Map<string, Task[]>();
  private readonly turns: string[] = [];
  private readonly running = new Map<string, number>();
  /** Slots free now. */
  private readonly free: number[];
  /** Recent computation time, for Retry-After. */
  private averageMs = 1000;

  constructor(options: Partial<FairQueueOptions> = {}) {
    this.options = { ...DEFAULT_FAIR_QUEUE, ...options };
    this.free = Array.from({ length: this.options.concurrency }, (_v, slot) => slot);
  }

  /** Computations that can run at once, each in its own slot. */
  get slots(): number {
    return this.options.concurrency;
  }

  /**
   * Runs `compute` in `owner`'s turn, in a free slot (`prefer` when that one is free); refuses
   * with TooBusyError when the owner has too many under way.
   */
  run<T>(owner: string, compute: (slot: number) => Promise<T>, prefer?: number): Promise<T> {
    const queued = this.waiting.get(owner)?.length ?? 0;
    const held = queued + (this.running.get(owner) ?? 0);
    if (held >= this.options.maxWaiting) {
      const seconds = Math.max(1, Math.ceil((held * this.averageMs) / 1000));
      throw Object.assign(
        new TooBusyError(
          `this token has ${held} computations under way; try again in ${seconds} s (or ask for what is already computed)`,
        ),
        { retryAfter: seconds },
      );
    }
    return new Promise<T>((resolve, reject) => {
      const task: Task = {
        prefer,
        run: (slot) => {
          const started = performance.now();
          compute(slot)
            .then(resolve, reject)
            .finally(() => {
              this.averageMs = 0.8 * this.averageMs + 0.2 * (performance.now() - started);
              this.free.push(slot);
              const left = (this.running.get(owner) ?? 1) - 1;
              if (left > 0) this.running.set(owner, left);
              else this.running.delete(owner);
              this.next();
            });
        },
      };
      const list = this.waiting.get(owner);
      if (list) list.push(task);
      else {
        this.waiting.set(owner, [task]);
        this.turns.push(owner);
      }
      this.next();
    });
  }

  /** Computations running and waiting, for tests and benchmarks. */
  get size(): { running: number; waiting: number } {
    let waiting = 0;
    for (const list of this.waiting.values()) waiting += list.length;
    return { running: this.options.concurrency - this.free.length, waiting };
  }

  /** Starts waiting tasks while a slot is free, owners in turn, one running per owner. */
  private next(): void {
    for (let scanned = 0; this.free.length > 0 && scanned < this.turns.length;) {
      const owner = this.turns.shift()!;
      if (this.running.has(owner)) {
        this.turns.push(owner);
        scanned++;
        continue;
      }
      const list = this.waiting.get(owner)!;
      const task = list.shift()!;
      if (list.length > 0) this.turns.push(owner);
      else this.waiting.delete(owner);
      this.running.set(owner, 1);
      scanned = 0;
      const preferred = task.prefer === undefined ? -1 : this.free.indexOf(task.prefer);
      task.run(this.free.splice(Math.max(0, preferred), 1)[0]!);
    }
  }
}
