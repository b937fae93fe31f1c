import { performance } from 'node:perf_hooks'

export interface Summary {
  count: number
  p50: number
  p95: number
  p99: number
  mean: number
  /** Requests per second over the whole timed run (wall clock, so it reflects concurrency). */
  perSecond: number
}

/** Nearest-rank percentile of sorted samples. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!
}

export function summarize(samples: readonly number[], wallMs: number): Summary {
  const sorted = [...samples].sort((a, b) => a - b)
  const total = sorted.reduce((sum, value) => sum + value, 0)
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    mean: total / sorted.length,
    perSecond: sorted.length / (wallMs / 1000),
  }
}

export interface MeasureOptions {
  iterations: number
  warmup: number
  concurrency?: number
  /** Stop starting timed calls after this many ms (0: no limit), so slow routes do not stall the run. */
  maxMs?: number
}

/**
 * Runs `run(i)` warm-up times untimed, then `iterations` times timed (fewer if `maxMs` runs out),
 * `concurrency` at a time (each worker waits for its previous call). `i` counts from 0 over
 * warm-up and timed calls alike, so a caller can hand every call its own data (a chat to delete).
 */
export async function measure(run: (i: number) => Promise<void>, options: MeasureOptions): Promise<Summary> {
  for (let i = 0; i < options.warmup; i++) await run(i)
  const samples: number[] = []
  let next = options.warmup
  const end = options.warmup + options.iterations
  const deadline = options.maxMs ? performance.now() + options.maxMs : Number.POSITIVE_INFINITY
  const worker = async () => {
    while (next < end && performance.now() < deadline) {
      const i = next++
      const started = performance.now()
      await run(i)
      samples.push(performance.now() - started)
    }
  }
  const started = performance.now()
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 1) }, worker))
  return summarize(samples, performance.now() - started)
}

export const ms = (value: number | undefined): string => value === undefined || Number.isNaN(value) ? '–' : value < 10 ? value.toFixed(2) : value.toFixed(1)

/** A Markdown table, so the output can be pasted into docs/benchmarks.md as is. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map(row => (row[column] ?? '').length)))
  const line = (cells: readonly string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`
  return [line(header), line(widths.map(width => '-'.repeat(width))), ...rows.map(line)].join('\n')
}
