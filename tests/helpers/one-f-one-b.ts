// A hand-made 1F1B pipeline schedule (PipeDream-Flush / Megatron-LM, Narayanan et al. 2021): each
// stage runs min(p − s − 1, m) warm-up forwards, then alternates one forward and one backward,
// then drains the backwards. Every op starts when its stage is free and its input has arrived.
import type { PipelineEvent, PipelineSchedule } from '../../src/reports/html/pipeline-chart.js';

export function oneFOneB(stages: number, microBatches: number, forwardS: number, backwardS: number): PipelineSchedule {
  type Op = { kind: 'forward' | 'backward'; mb: number };
  const order: Op[][] = [];
  for (let s = 0; s < stages; s++) {
    const warm = Math.min(stages - s - 1, microBatches);
    const ops: Op[] = [];
    for (let i = 0; i < warm; i++) ops.push({ kind: 'forward', mb: i });
    let f = warm;
    let b = 0;
    while (b < microBatches) {
      if (f < microBatches) ops.push({ kind: 'forward', mb: f++ });
      ops.push({ kind: 'backward', mb: b++ });
    }
    order.push(ops);
  }
  const done = new Map<string, number>();
  const key = (kind: string, s: number, mb: number) => `${kind}:${s}:${mb}`;
  const free = new Array<number>(stages).fill(0);
  const next = new Array<number>(stages).fill(0);
  const events: PipelineEvent[] = [];
  // list scheduling: place any stage's next op whose input is ready, until all are placed
  for (let placed = true; placed;) {
    placed = false;
    for (let s = 0; s < stages; s++) {
      const op = order[s]![next[s]!];
      if (!op) continue;
      const dep =
        op.kind === 'forward'
          ? s > 0
            ? key('forward', s - 1, op.mb)
            : undefined
          : s < stages - 1
            ? key('backward', s + 1, op.mb)
            : key('forward', s, op.mb);
      const ready = dep === undefined ? 0 : done.get(dep);
      if (ready === undefined) continue;
      const start = Math.max(free[s]!, ready);
      const end = start + (op.kind === 'forward' ? forwardS : backwardS);
      events.push({ stage: s, microBatch: op.mb, kind: op.kind, start, end });
      done.set(key(op.kind, s, op.mb), end);
      free[s] = end;
      next[s]!++;
      placed = true;
    }
  }
  if (events.length !== 2 * stages * microBatches) throw new Error('1F1B schedule did not complete');
  return { stages, events };
}
