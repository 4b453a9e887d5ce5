// A short human-readable shape of an op, for tables and CSV.
import type { OpShape } from '../workloads/ops.js';

const n = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));

export function shapeText(s: OpShape): string {
  switch (s.type) {
    case 'matmul':
      return `${s.batch > 1 ? `${n(s.batch)}× ` : ''}${n(s.m)}×${n(s.n)}×${n(s.k)}`;
    case 'attention':
      return `b${s.batch} h${s.heads}/${s.kvHeads} q${s.qLen} kv${s.kvLen} d${s.headDim}`;
    case 'elementwise':
      return `${n(s.elements)} el`;
    case 'collective':
      return `${s.collective} ${(s.messageBytes / 1e6).toFixed(2)} MB ×${s.group}`;
  }
}
