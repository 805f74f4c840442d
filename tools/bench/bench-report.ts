import os from 'node:os';

/**
 * One measured figure next to the reference measured in the same run: a floor (the least the work
 * could cost here) or a baseline (a simpler way of doing it). `ratio` is always "times the reference":
 * figure / reference for times, reference / figure for rates.
 */
export interface BenchFigure {
  goal: string;
  value: number | null;
  unit: 'ms' | 's' | 'msg/s' | 'x';
  reference: { name: string; value: number | null } | null;
  ratio: number | null;
  /** The goal, e.g. { below: 60 } for "under 60 s"; null when the figure is context only. */
  target: BenchTarget | null;
  met: boolean | null;
  /** How many samples, and anything that qualifies the figure. */
  note?: string;
}

export interface BenchTarget {
  below?: number;
  atMost?: number;
  atLeast?: number;
  /** The ratio to the reference may be at most this. */
  ratioAtMost?: number;
}

export function figure(input: Omit<BenchFigure, 'ratio' | 'met'>): BenchFigure {
  const { value, reference, target, unit } = input;
  const ratio =
    value === null || !reference || reference.value === null || reference.value === 0 || value === 0
      ? null
      : unit === 'msg/s'
        ? reference.value / value
        : value / reference.value;
  let met: boolean | null = null;
  if (target && value !== null && (target.ratioAtMost === undefined || ratio !== null)) {
    met =
      (target.below === undefined || value < target.below) &&
      (target.atMost === undefined || value <= target.atMost) &&
      (target.atLeast === undefined || value >= target.atLeast) &&
      (target.ratioAtMost === undefined || (ratio !== null && ratio <= target.ratioAtMost));
  }
  return { ...input, ratio, met };
}

export interface MachineDescription {
  cpu_model: string;
  cpus: number;
  memory_gib: number;
  node: string;
  platform: string;
  /** 1-minute load averages when the bench started and ended: how shared the machine was. */
  load_average_start: number;
  load_average_end?: number;
}

export function describeMachine(): MachineDescription {
  const cpus = os.cpus();
  return {
    cpu_model: cpus[0]?.model ?? 'unknown',
    cpus: cpus.length,
    memory_gib: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    load_average_start: Number(os.loadavg()[0].toFixed(2)),
  };
}

function formatNumber(value: number | null, unit: BenchFigure['unit']): string {
  if (value === null) return 'n/a';
  if (unit === 's') return `${value.toFixed(1)} s`;
  if (unit === 'msg/s') return `${Math.round(value)} msg/s`;
  if (unit === 'x') return `${value.toFixed(2)}x`;
  return `${value < 10 ? value.toFixed(2) : Math.round(value)} ms`;
}

function formatTarget(target: BenchFigure['target'], unit: BenchFigure['unit']): string {
  if (!target) return '';
  const parts = [];
  if (target.below !== undefined) parts.push(`< ${formatNumber(target.below, unit)}`);
  if (target.atMost !== undefined) parts.push(`<= ${formatNumber(target.atMost, unit)}`);
  if (target.atLeast !== undefined) parts.push(`>= ${formatNumber(target.atLeast, unit)}`);
  if (target.ratioAtMost !== undefined) parts.push(`ratio <= ${target.ratioAtMost}x`);
  return parts.join(', ');
}

/** Rows of cells as an aligned plain-text table. */
export function formatTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

export function formatFigures(figures: readonly BenchFigure[]): string {
  return formatTable(
    ['goal', 'figure', 'reference (same run)', 'reference', 'ratio', 'target', 'met'],
    figures.map((entry) => [
      entry.goal,
      formatNumber(entry.value, entry.unit),
      entry.reference?.name ?? '',
      entry.reference ? formatNumber(entry.reference.value, entry.unit) : '',
      entry.ratio === null ? '' : `${entry.ratio.toFixed(1)}x`,
      formatTarget(entry.target, entry.unit),
      entry.met === null ? '' : entry.met ? 'yes' : 'NO',
    ]),
  );
}

/** The same figures as a Markdown table, for the README. */
export function figuresAsMarkdown(figures: readonly BenchFigure[]): string {
  const rows = figures.map((entry) =>
    [
      entry.goal,
      formatNumber(entry.value, entry.unit),
      entry.reference ? `${entry.reference.name}: ${formatNumber(entry.reference.value, entry.unit)}` : '',
      entry.ratio === null ? '' : `${entry.ratio.toFixed(1)}x`,
      formatTarget(entry.target, entry.unit),
      entry.met === null ? '' : entry.met ? 'yes' : '**no**',
    ].join(' | '),
  );
  return ['| goal | figure | reference (same run) | ratio | target | met |', '|---|---|---|---|---|---|', ...rows.map((row) => `| ${row} |`)].join('\n');
}
