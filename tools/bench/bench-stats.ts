/** Small measuring helpers shared by the bench sections. */

/** The value below which `share` (0..1) of the samples fall, by nearest rank; null without samples. */
export function percentile(samples: readonly number[], share: number): number | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((left, right) => left - right);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(share * sorted.length)));
  return sorted[rank - 1];
}

export function mean(samples: readonly number[]): number | null {
  return samples.length === 0 ? null : samples.reduce((sum, sample) => sum + sample, 0) / samples.length;
}

export interface Elapsed {
  wallMs: number;
  /** CPU this process used meanwhile (user + system): steadier than wall time on a shared machine. */
  cpuMs: number;
}

/** Starts a wall-clock and process-CPU stopwatch; call the result to read both. */
export function stopwatch(): () => Elapsed {
  const wallStart = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  return () => {
    const cpu = process.cpuUsage(cpuStart);
    return { wallMs: Number(process.hrtime.bigint() - wallStart) / 1e6, cpuMs: (cpu.user + cpu.system) / 1000 };
  };
}

/** Milliseconds between two ISO timestamps (as the warehouse returns them). */
export function millisBetween(from: string, to: string): number {
  return Date.parse(to) - Date.parse(from);
}
