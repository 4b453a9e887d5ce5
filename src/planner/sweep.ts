// Sweeps for architects ("what platform do I need"): the plan search repeated over one or two
// hardware parameters (HBM bandwidth, peak FLOP/s, memory capacity, link bandwidth — as multiples
// of the descriptor or absolute values) or workload parameters (batch, input, output tokens), the
// chosen metric of the best plan recorded at every point; a point where nothing fits is null.
import { metricsView, type MetricsView } from './metrics-view.js';
import { InputError } from '../errors.js';
import { parseQuantity } from '../hardware/units.js';
import type { Precision } from '../hardware/types.js';
import { unknownNameMessage } from '../util/did-you-mean.js';
import {
  HARDWARE_PARAM_UNITS,
  HARDWARE_PARAMS,
  hardwareBaseline,
  scaleHardware,
  type HardwareParam,
} from './hardware-scaling.js';
import type { InferencePlan, PlanContext } from './inference.js';
import { searchInference, type Objective, type SearchOptions, type SearchResult } from './search.js';

export const WORKLOAD_PARAMS = ['batch', 'input', 'output'] as const;
export type WorkloadParam = (typeof WORKLOAD_PARAMS)[number];
export const SWEEP_PARAMS = [...HARDWARE_PARAMS, ...WORKLOAD_PARAMS] as const;
export type SweepParam = HardwareParam | WorkloadParam;

/** The numeric metrics of a plan a sweep can record. */
export const SWEEP_METRICS = [
  'tpot_ms',
  'ttft_ms',
  'prefill_ms',
  'e2e_latency_ms',
  'output_tokens_per_s',
  'input_tokens_per_s',
  'output_tokens_per_s_per_device',
  'memory_gb_per_device',
  'max_batch',
] as const satisfies readonly (keyof MetricsView)[];
export type SweepMetric = (typeof SWEEP_METRICS)[number];

/** The metric a sweep records when none is asked for: what the objective optimizes. */
export function defaultSweepMetric(objective: Objective): SweepMetric {
  return objective === 'latency' ? 'e2e_latency_ms' : 'output_tokens_per_s';
}

const isHardware = (p: SweepParam): p is HardwareParam => (HARDWARE_PARAMS as readonly string[]).includes(p);

/** One swept parameter and its values: SI values for hardware (with the factor over the descriptor), integers for workload. */
export interface SweepAxis {
  param: SweepParam;
  /** SI unit of the values ('B/s', 'FLOP/s', 'B') or 'tokens' / 'sequences' */
  unit: string;
  values: number[];
  /** hardware: each value ÷ the descriptor's value */
  factors?: number[];
  /** hardware: the descriptor's value the factors multiply */
  baseline?: number;
}

export interface SweepPoint {
  /** this point's value of each swept parameter, by name */
  values: Record<string, number>;
  /** hardware parameters: the factor over the descriptor, by name */
  factors: Record<string, number>;
  /** the metric of the best plan; null where no plan fits (or none meets the SLOs) */
  metric: number | null;
  plan: InferencePlan | null;
  /** why the metric is null */
  reason?: string;
}

export interface SweepResult {
  axes: SweepAxis[];
  metric: SweepMetric;
  /** row-major: the first axis outermost */
  points: SweepPoint[];
}

const MAX_VALUES = 1000;
const tidy = (x: number) => Number(x.toPrecision(12));

/** `start:stop:step`, stop included, as numbers in whatever unit the parts are in. */
function range(start: number, stop: number, step: number, text: string): number[] {
  if (!(step > 0) || stop < start) {
    throw new InputError(`--param range "${text}" needs start ≤ stop and a positive step`);
  }
  const n = Math.floor((stop - start) / step + 1e-9) + 1;
  if (n > MAX_VALUES) throw new InputError(`--param range "${text}" has ${n} values; at most ${MAX_VALUES}`);
  return Array.from({ length: n }, (_, i) => tidy(start + i * step));
}

/** A hardware value: a bare number is a multiple of the descriptor, a number with a unit is absolute (SI). */
type HardwareValue = { factor: number } | { absolute: number };

function hardwareValue(param: HardwareParam, text: string): HardwareValue {
  const t = text.trim();
  if (t !== '' && Number.isFinite(Number(t))) {
    const factor = Number(t);
    if (factor <= 0) throw new InputError(`--param ${param}: multiplier "${t}" must be positive`);
    return { factor };
  }
  const q = parseQuantity(t, HARDWARE_PARAM_UNITS[param].format);
  if (!q.ok) throw new InputError(`--param ${param}: ${q.reason}, or a multiplier of the descriptor such as 1.5`);
  return { absolute: q.value };
}

function hardwareValues(param: HardwareParam, list: string): HardwareValue[] {
  return list.split(',').flatMap((part): HardwareValue[] => {
    const bits = part.split(':');
    if (bits.length === 1) return [hardwareValue(param, part)];
    if (bits.length !== 3) throw new InputError(`--param ${param}: "${part}" is not a range start:stop:step`);
    const [a, b, c] = bits.map((x) => hardwareValue(param, x)) as [HardwareValue, HardwareValue, HardwareValue];
    if ('factor' in a && 'factor' in b && 'factor' in c)
      return range(a.factor, b.factor, c.factor, part).map((factor) => ({ factor }));
    if ('absolute' in a && 'absolute' in b && 'absolute' in c)
      return range(a.absolute, b.absolute, c.absolute, part).map((absolute) => ({ absolute }));
    throw new InputError(`--param ${param}: range "${part}" mixes multipliers and values with units`);
  });
}

function workloadValues(param: WorkloadParam, list: string): number[] {
  const int = (t: string) => {
    const n = Number(t.trim());
    if (t.trim() === '' || !Number.isInteger(n) || n < 1)
      throw new InputError(`--param ${param}: expected positive integers, got "${t}"`);
    return n;
  };
  return list.split(',').flatMap((part) => {
    const bits = part.split(':');
    if (bits.length === 1) return [int(part)];
    if (bits.length !== 3) throw new InputError(`--param ${param}: "${part}" is not a range start:stop:step`);
    const [a, b, c] = bits.map(int) as [number, number, number];
    return range(a, b, c, part);
  });
}

/**
 * One `--param name=values` as an axis. Values: a comma list, each a number or a range
 * start:stop:step; hardware values are multiples of the descriptor, or absolute with a unit
 * ("2TB/s", "80GB", "1PFLOP/s" at the plan's compute precision `precision`).
 */
export function parseSweepAxis(text: string, ctx: PlanContext, precision: Precision): SweepAxis {
  const eq = text.indexOf('=');
  const name = (eq < 0 ? text : text.slice(0, eq)).trim();
  if (!(SWEEP_PARAMS as readonly string[]).includes(name)) {
    throw new InputError(`--param: ${unknownNameMessage('sweep parameter', name, SWEEP_PARAMS)}`);
  }
  const param = name as SweepParam;
  const list = eq < 0 ? '' : text.slice(eq + 1).trim();
  if (!list) throw new InputError(`--param ${param} has no values; e.g. --param ${param}=${example(param)}`);
  if (!isHardware(param)) {
    return { param, unit: param === 'batch' ? 'sequences' : 'tokens', values: workloadValues(param, list) };
  }
  const baseline = hardwareBaseline(ctx.hw, param, precision);
  if (baseline === undefined || !(baseline > 0)) {
    const what = param === 'link-bandwidth' ? 'no link (a single device)' : 'no such resource';
    throw new InputError(`--param ${param}: ${ctx.hw.nodes * ctx.hw.devicesPerNode} × ${ctx.hw.device.id} has ${what}`);
  }
  const values = hardwareValues(param, list);
  const factors = values.map((v) => tidy('factor' in v ? v.factor : v.absolute / baseline));
  return {
    param,
    unit: HARDWARE_PARAM_UNITS[param].si,
    values: values.map((v) => tidy('factor' in v ? v.factor * baseline : v.absolute)),
    factors,
    baseline,
  };
}

function example(p: SweepParam): string {
  return isHardware(p) ? '0.5,1,2' : p === 'batch' ? '1,8,64' : '512:4096:512';
}

/** The context and search options at one point: hardware scaled from the descriptor, workload replaced. */
function atPoint(
  ctx: PlanContext,
  o: SearchOptions,
  point: { axis: SweepAxis; index: number }[],
): [PlanContext, SearchOptions] {
  let c = ctx;
  let opts = o;
  for (const { axis, index } of point) {
    const value = axis.values[index]!;
    if (isHardware(axis.param)) c = { ...c, hw: scaleHardware(c.hw, axis.param, axis.factors![index]!) };
    else if (axis.param === 'batch') {
      const { concurrency: _, ...rest } = opts;
      opts = { ...rest, batch: value };
      c = { ...c, workload: { ...c.workload, serving: false } };
    } else c = { ...c, workload: { ...c.workload, [axis.param]: value } };
  }
  return [c, opts];
}

/** The plan that overflows its memory least, for saying why nothing fits. */
function closestToFit(infeasible: SearchResult['infeasible']) {
  const over = (e: SearchResult['infeasible'][number]) => e.memory.totalBytes / e.memory.usableBytes;
  return infeasible.reduce<SearchResult['infeasible'][number] | undefined>(
    (best, e) => (!best || over(e) < over(best) ? e : best),
    undefined,
  );
}

/** Runs the plan search at every point of the grid (row-major) and records the metric of the best plan. */
export function runSweep(ctx: PlanContext, o: SearchOptions, axes: SweepAxis[], metric: SweepMetric): SweepResult {
  if (axes.length < 1 || axes.length > 2) throw new InputError('a sweep takes one or two --param');
  if (axes.length === 2 && axes[0]!.param === axes[1]!.param)
    throw new InputError(`--param ${axes[0]!.param} is given twice`);
  if (axes.some((a) => a.param === 'batch') && o.concurrency !== undefined)
    throw new InputError('a batch sweep replaces --concurrency; give one of them');
  const grid: { axis: SweepAxis; index: number }[][] =
    axes.length === 1
      ? axes[0]!.values.map((_, i) => [{ axis: axes[0]!, index: i }])
      : axes[0]!.values.flatMap((_, i) =>
          axes[1]!.values.map((__, j) => [
            { axis: axes[0]!, index: i },
            { axis: axes[1]!, index: j },
          ]),
        );
  const points = grid.map((point): SweepPoint => {
    const [c, opts] = atPoint(ctx, o, point);
    const values: Record<string, number> = {};
    const factors: Record<string, number> = {};
    for (const { axis, index } of point) {
      values[axis.param] = axis.values[index]!;
      if (axis.factors) factors[axis.param] = axis.factors[index]!;
    }
    const r = searchInference(c, opts);
    const best = r.ranked[0];
    if (best) return { values, factors, metric: metricsView(best.metrics)[metric], plan: best.plan };
    const reason = r.missed.length
      ? `no plan meets the SLOs (closest: ${r.missed[0]!.miss})`
      : `does not fit: ${closestToFit(r.infeasible)?.reason ?? 'no plan'}`;
    return { values, factors, metric: null, plan: null, reason };
  });
  return { axes, metric, points };
}
