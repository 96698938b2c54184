import { TooBusyError } from './errors.ts';

/**
 * Cold computations (a report, a graph, a page the caches don't hold) wait here, one queue per
 * owner (an API token), served in turn: each owner has at most one computation running, so an
 * owner who asks for thirty windows at once keeps one slot busy while everyone else gets the
 * next free one. An owner with `maxWaiting` computations already waiting is refused with a
 * 429 and Retry-After instead of piling work (and memory) onto the server.
 */

export interface FairQueueOptions {
  /** Computations running at once, over all owners. */
  concurrency: number;
  /** Computations one owner may have running or waiting; more are refused. */
  maxWaiting: number;
}

export const DEFAULT_FAIR_QUEUE: FairQueueOptions = { concurrency: 2, maxWaiting: 4 };

interface Task {
  run: () => void;
}

export class FairQueue {
  private readonly options: FairQueueOptions;
  /** Waiting tasks per owner; an owner is in `turns` while it has any. */
  private readonly waiting = new Map<string, Task[]>();
  private readonly turns: string[] = [];
  private readonly running = new Map<string, number>();
  private active = 0;
  /** Recent computation time, for Retry-After. */
  private averageMs = 1000;

  constructor(options: Partial<FairQueueOptions> = {}) {
    this.options = { ...DEFAULT_FAIR_QUEUE, ...options };
  }

  /** Runs `compute` in `owner`'s turn; refuses with TooBusyError when the owner has too many. */
  run<T>(owner: string, compute: () => Promise<T>): Promise<T> {
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
        run: () => {
          const started = performance.now();
          compute()
            .then(resolve, reject)
            .finally(() => {
              this.averageMs = 0.8 * this.averageMs + 0.2 * (performance.now() - started);
              this.active--;
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
    return { running: this.active, waiting };
  }

  /** Starts waiting tasks while there is room, owners in turn, one running per owner. */
  private next(): void {
    for (let scanned = 0; this.active < this.options.concurrency && scanned < this.turns.length;) {
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
      this.active++;
      scanned = 0;
      task.run();
    }
  }
}
