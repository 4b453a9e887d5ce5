// Pipeline-parallel schedules for training (Narayanan et al. 2021, "Efficient Large-Scale Language
// Model Training on GPU Clusters Using Megatron-LM", §2.2): 1F1B, and the interleaved schedule
// with v model chunks per device. A step of m micro-batches on p stages takes
// (m + (p − 1)/v)·(t_f + t_b): the bubble is (p − 1)/(v·m) of the ideal time m·(t_f + t_b).
// `simulateSchedule` plays the schedule op by op (for the timeline chart and to check the formula).

export type PipelineSchedule = '1f1b' | 'interleaved';

export interface PipelineShape {
  stages: number;
  microBatches: number;
  /** model chunks per device (1 for 1F1B) */
  virtualStages: number;
}

/** Step time of the pipeline from one micro-batch's forward and backward time on a stage. */
export function pipelineTime(s: PipelineShape, forwardS: number, backwardS: number): number {
  return (s.microBatches + (s.stages - 1) / s.virtualStages) * (forwardS + backwardS);
}

/** The idle part of a step: (p − 1)/v micro-batch slots. */
export function bubbleTime(s: PipelineShape, forwardS: number, backwardS: number): number {
  return ((s.stages - 1) / s.virtualStages) * (forwardS + backwardS);
}

export interface ScheduleEvent {
  stage: number;
  microBatch: number;
  /** model chunk on the device (0 with 1F1B) */
  chunk: number;
  kind: 'forward' | 'backward';
  start: number;
  end: number;
}

interface Slot {
  kind: 'forward' | 'backward';
  chunk: number;
  microBatch: number;
}

/**
 * The order one device runs its work in (Megatron's schedules): warm-up forwards, then one
 * forward and one backward alternately, then the remaining backwards. With interleaving,
 * micro-batches go through the chunks in groups of p (m must be a multiple of p).
 */
function deviceOrder(s: PipelineShape, stage: number): Slot[] {
  const { stages: p, microBatches: m, virtualStages: v } = s;
  const forwards: Slot[] = [];
  for (let g = 0; g < m; g += p) {
    for (let c = 0; c < v; c++) {
      for (let i = g; i < Math.min(m, g + p); i++) forwards.push({ kind: 'forward', chunk: c, microBatch: i });
    }
  }
  const backwards: Slot[] = [];
  for (let g = 0; g < m; g += p) {
    for (let c = v - 1; c >= 0; c--) {
      for (let i = g; i < Math.min(m, g + p); i++) backwards.push({ kind: 'backward', chunk: c, microBatch: i });
    }
  }
  const total = m * v;
  const warmup = v === 1 ? Math.min(p - stage - 1, m) : Math.min((p - stage - 1) * 2 + (v - 1) * p, total);
  const order: Slot[] = forwards.slice(0, warmup);
  let f = warmup;
  let b = 0;
  while (f < total) {
    order.push(forwards[f++]!, backwards[b++]!);
  }
  while (b < total) order.push(backwards[b++]!);
  return order;
}

/**
 * Plays the schedule: an op starts when its device is free and its input has arrived (the previous
 * stage's forward, the next stage's backward), plus `handoffS` for the transfer between devices.
 * `forwardS` and `backwardS` are one micro-batch through all of a device's chunks.
 */
export function simulateSchedule(
  s: PipelineShape,
  forwardS: number,
  backwardS: number,
  handoffS = 0,
): { events: ScheduleEvent[]; makespan: number } {
  const { stages: p, virtualStages: v } = s;
  const tf = forwardS / v;
  const tb = backwardS / v;
  const orders = Array.from({ length: p }, (_, st) => deviceOrder(s, st));
  const next = new Array<number>(p).fill(0);
  const free = new Array<number>(p).fill(0);
  const done = new Map<string, number>();
  const key = (kind: string, stage: number, chunk: number, mb: number) => `${kind}:${stage}:${chunk}:${mb}`;
  const events: ScheduleEvent[] = [];
  let progressed = true;
  while (progressed) {
    progressed = false;
    for (let st = 0; st < p; st++) {
      const slot = orders[st]![next[st]!];
      if (!slot) continue;
      // the op this one waits for: the virtual stage before it (forward) or after it (backward)
      const virtualStage = slot.chunk * p + st;
      let dep: number | undefined = 0;
      if (slot.kind === 'forward' && virtualStage > 0) {
        const [c, prev] = st > 0 ? [slot.chunk, st - 1] : [slot.chunk - 1, p - 1];
        dep = done.get(key('forward', prev, c, slot.microBatch));
        if (dep !== undefined && prev !== st) dep += handoffS;
      } else if (slot.kind === 'backward') {
        if (virtualStage === p * v - 1) dep = done.get(key('forward', st, slot.chunk, slot.microBatch));
        else {
          const [c, nextStage] = st < p - 1 ? [slot.chunk, st + 1] : [slot.chunk + 1, 0];
          dep = done.get(key('backward', nextStage, c, slot.microBatch));
          if (dep !== undefined && nextStage !== st) dep += handoffS;
        }
      }
      if (dep === undefined) continue;
      const start = Math.max(free[st]!, dep);
      const end = start + (slot.kind === 'forward' ? tf : tb);
      free[st] = end;
      done.set(key(slot.kind, st, slot.chunk, slot.microBatch), end);
      events.push({ stage: st, microBatch: slot.microBatch, chunk: slot.chunk, kind: slot.kind, start, end });
      next[st]!++;
      progressed = true;
    }
  }
  if (events.length !== 2 * s.microBatches * v * p) {
    throw new Error(`pipeline schedule deadlocked (${events.length} of ${2 * s.microBatches * v * p} ops ran)`);
  }
  return { events, makespan: Math.max(...free) };
}
