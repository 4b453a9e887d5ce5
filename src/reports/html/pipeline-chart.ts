// Pipeline timeline (Gantt): micro-batches over pipeline stages, with the idle time (bubbles) drawn.
// Takes any schedule — the training planner produces 1F1B or interleaved ones — in seconds.
import type { ChartSpec, Section } from './page.js';

export const PIPELINE_EVENT_KINDS = ['forward', 'backward', 'recompute', 'communication', 'optimizer'] as const;
export type PipelineEventKind = (typeof PIPELINE_EVENT_KINDS)[number];

export interface PipelineEvent {
  /** 0-based stage (row) */
  stage: number;
  microBatch: number;
  kind: PipelineEventKind;
  /** seconds from the start of the step */
  start: number;
  end: number;
}

export interface PipelineSchedule {
  stages: number;
  events: PipelineEvent[];
}

export interface Interval {
  stage: number;
  start: number;
  end: number;
}

export interface PipelineChartData extends PipelineSchedule {
  /** per stage, the gaps with no compute between 0 and the end of the step */
  bubbles: Interval[];
  makespan: number;
  /** idle share of all stages' time */
  bubbleFraction: number;
}

/** Communication can overlap compute: a stage is busy only while it computes. */
const isCompute = (k: PipelineEventKind) => k !== 'communication';

function check(s: PipelineSchedule): void {
  if (!Number.isInteger(s.stages) || s.stages < 1)
    throw new Error(`pipeline schedule: stages must be a positive integer, got ${s.stages}`);
  s.events.forEach((e, i) => {
    const where = `pipeline schedule event ${i}`;
    if (!Number.isInteger(e.stage) || e.stage < 0 || e.stage >= s.stages)
      throw new Error(`${where}: stage ${e.stage} is not in 0..${s.stages - 1}`);
    if (!Number.isInteger(e.microBatch) || e.microBatch < 0)
      throw new Error(`${where}: micro-batch ${e.microBatch} is not an integer ≥ 0`);
    if (!(PIPELINE_EVENT_KINDS as readonly string[]).includes(e.kind))
      throw new Error(`${where}: unknown kind "${e.kind}"`);
    if (!Number.isFinite(e.start) || !Number.isFinite(e.end) || e.start < 0 || e.end <= e.start)
      throw new Error(`${where}: needs 0 ≤ start < end, got ${e.start}..${e.end}`);
  });
}

/** Idle intervals of every stage between 0 and the makespan (touching or overlapping work merged). */
export function pipelineBubbles(s: PipelineSchedule): {
  bubbles: Interval[];
  makespan: number;
  bubbleFraction: number;
} {
  check(s);
  const makespan = s.events.reduce((m, e) => Math.max(m, e.end), 0);
  const bubbles: Interval[] = [];
  let idle = 0;
  for (let stage = 0; stage < s.stages; stage++) {
    const work = s.events.filter((e) => e.stage === stage && isCompute(e.kind)).sort((a, b) => a.start - b.start);
    let t = 0;
    for (const e of work) {
      if (e.start > t) bubbles.push({ stage, start: t, end: e.start });
      t = Math.max(t, e.end);
    }
    if (makespan > t) bubbles.push({ stage, start: t, end: makespan });
  }
  for (const b of bubbles) idle += b.end - b.start;
  return { bubbles, makespan, bubbleFraction: makespan > 0 ? idle / (makespan * s.stages) : 0 };
}

export function pipelineChart(s: PipelineSchedule): ChartSpec<'pipeline', PipelineChartData> {
  return { kind: 'pipeline', data: { stages: s.stages, events: s.events, ...pipelineBubbles(s) } };
}

const seconds = (t: number) => (t < 1 ? `${Number((t * 1e3).toPrecision(4))} ms` : `${Number(t.toPrecision(4))} s`);

/** A ready report section: the chart and a line saying how much of the step is bubble. */
export function pipelineSection(s: PipelineSchedule, id = 'pipeline', title = 'Pipeline timeline'): Section {
  const chart = pipelineChart(s);
  const d = chart.data;
  const micro = new Set(s.events.map((e) => e.microBatch)).size;
  return {
    id,
    title,
    text: [
      `${s.stages} stages, ${micro} micro-batches over ${seconds(d.makespan)}; hatched: idle (pipeline bubbles), ${(100 * d.bubbleFraction).toFixed(1)} % of all stages' time. Hover a block for its micro-batch and times.`,
    ],
    chart,
  };
}
