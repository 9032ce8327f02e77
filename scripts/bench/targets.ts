/** A target of issue 13's table, what was measured against it and whether it is met (undefined: not measured). */
export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean | undefined;
}

/** Milliseconds as seconds for the table; "–" for a figure that was not measured. */
export const seconds = (ms: number): string => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(3)} s` : "–");

/** A wall time of at most `limitMs`; `keep` marks a figure that must not get worse than it is. */
export function atMostTime(limitMs: number, measuredMs: number, options: { keep?: boolean } = {}): TargetCheck {
  const limit = `${limitMs / 1000} s`;
  return {
    target: options.keep ? `keep ≤ ${limit}` : `≤ ${limit}`,
    measured: seconds(measuredMs),
    met: measuredMs <= limitMs,
  };
}

/**
 * A ratio of two measurements of at most `limit`, e.g. the pipeline's time over md-to-pdf's; undefined when the
 * reference could not be measured.
 */
export function atMostRatio(
  limit: number,
  of: string,
  numerator: number,
  denominator: number | undefined,
): TargetCheck {
  const target = `≤ ${limit} × ${of}`;
  if (denominator === undefined || denominator <= 0) return { target, measured: `${of} not measured`, met: undefined };
  const ratio = numerator / denominator;
  return { target, measured: `${ratio.toFixed(2)} ×`, met: ratio <= limit };
}

/** A rate of at least `limit` (e.g. documents per second). */
export function atLeastRate(limit: number, unit: string, measured: number): TargetCheck {
  return { target: `≥ ${limit} ${unit}`, measured: `${measured.toFixed(1)} ${unit}`, met: measured >= limit };
}

/** "yes", "NO" or "?" (not measured), for the table. */
export function metLabel(check: TargetCheck): string {
  return check.met === undefined ? "?" : check.met ? "yes" : "NO";
}
