/** A benchmark figure with the baseline measured in the same run (ARCHITECTURE.md, Tests). */
export interface Figure {
  value: number;
  unit: string;
  baseline: number;
  /** value ÷ baseline */
  ratio: number;
  /** What the baseline is, for the printed table. */
  note: string;
}

export function figure(value: number, unit: string, baseline: number, note: string): Figure {
  return {
    value: round(value),
    unit,
    baseline: round(baseline),
    ratio: round(baseline === 0 ? 0 : value / baseline, 3),
    note,
  };
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? 0;
}

export function median(samples: number[]): number {
  return percentile(samples, 50);
}

/** Microseconds taken by each call of `fn`. */
export function timeEach(iterations: number, fn: (i: number) => void): number[] {
  const samples = new Array<number>(iterations);
  for (let i = 0; i < iterations; i += 1) {
    const start = process.hrtime.bigint();
    fn(i);
    samples[i] = Number(process.hrtime.bigint() - start) / 1000;
  }
  return samples;
}

function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** CPU time (user + system, ms) this process has used so far: what a phase costs it, by difference. */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** A process's memory after full collections (the process runs with --expose-gc). */
export interface MemoryAfterGc {
  rss: number;
  heapUsed: number;
  external: number;
}

export function memoryAfterGc(): MemoryAfterGc {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with --expose-gc");
  gc();
  gc();
  const { rss, heapUsed, external } = process.memoryUsage();
  return { rss, heapUsed, external };
}
