/**
 * Runs one build at a time: a request during a build causes exactly one more build after it,
 * however many requests arrive meanwhile.
 */
export class RebuildQueue {
  private running: Promise<void> | undefined;
  private pending = false;
  private settled: Array<() => void> = [];

  constructor(private readonly run: () => Promise<void>) {}

  request(): void {
    if (this.running) {
      this.pending = true;
      return;
    }
    this.running = (async () => {
      do {
        this.pending = false;
        await this.run();
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
