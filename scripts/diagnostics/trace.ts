const enabled = process.env.FACTSHEETS_TRACE === "1";

/** With FACTSHEETS_TRACE=1, prints a stage and the time since the process started, for profiling. */
export function trace(stage: string): void {
  if (!enabled) return;
  const memory = process.memoryUsage();
  const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
  process.stderr.write(
    `trace ${(performance.now() / 1000).toFixed(3)} s ${stage} ` +
      `(rss ${mib(memory.rss)}, heap ${mib(memory.heapUsed)})\n`,
  );
}
