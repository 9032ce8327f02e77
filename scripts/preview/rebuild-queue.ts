/**
 * Runs one build at a time: a request during a build causes exactly one more build after it,
 * however many requests arrive meanwhile. The running build is told (its signal aborts) that a newer
 * request makes it pointless; it may stop early or finish.
 */
export class RebuildQueue {
  private running: Promise<void> | undefined;
  private pending = false;
  private current: AbortController | undefined;
  private settled: Array<() => void> = [];

  constructor(private readonly run: (superseded: AbortSignal) => Promise<void>) {}

  request(): void {
    if (this.running) {
      this.pending = true;
      this.current?.abort(new SupersededError());
      return;
    }
    this.running = (async () => {
      do {
        this.pending = false;
        this.current = new AbortController();
        await this.run(this.current.signal);
      } while (this.pending);
    })().finally(() => {
      this.running = undefined;
      const waiting = this.settled;
      this.settled = [];
      for (const resolve of waiting) resolve();
    });
  }

  /** Resolves when no build is running or waiting. */
  idle(): Promise<void> {
    return this.running ? new Promise<void>((resolve) => this.settled.push(resolve)) : Promise.resolve();
  }

  /** The builds running now, to wait for on close (rejects if one of them threw). */
  async finished(): Promise<void> {
    await this.running;
  }
}

/** Why a running build was stopped: a newer save asked for another. */
export class SupersededError extends Error {
  override readonly name = "SupersededError";
  constructor() {
    super("a newer save asked for another build");
  }
}
