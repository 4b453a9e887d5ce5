// `llmsim roofline`: per-op roofline of one phase of a model on one device.
import { Command } from 'commander';
import { InputError } from '../errors.js';
import { loadShippedCatalog } from '../hardware/catalog.js';
import { resolveHardware } from '../hardware/cluster.js';
import { withProcessor } from '../hardware/resolve.js';
import { PRECISIONS } from '../hardware/schema.js';
import type { Cluster, Device, Precision, ProcessorKind } from '../hardware/types.js';
import { findModel } from '../workloads/models.js';
import { PHASES, buildPhaseGraph, type Phase } from '../workloads/phase-graph.js';
import { resolveFormat } from '../workloads/precision.js';
import type { Recompute } from '../workloads/backward-graph.js';
import { analyzeRoofline } from '../roofline/analysis.js';
import { rooflineCsv, rooflineJson, rooflineText } from '../reports/roofline-report.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { nonNegativeInt, oneOf, positiveInt, positiveNumber } from './options.js';
import { printJson, type Io } from './io.js';
import { REPORT_OPTION, checkReportPath, writeReport } from './report-option.js';
import { rooflineHtml } from '../reports/html/roofline-html.js';
import { rooflineInputs } from '../reports/html/inputs.js';

interface RooflineOptions {
  model: string;
  hw: string;
  phase: Phase;
  batch: number;
  input: number;
  context?: number;
  chunk: number;
  tp: number;
  ep: number;
  sp?: boolean;
  precision?: Precision;
  weightBits?: number;
  kvBits?: number;
  flashAttention?: boolean;
  recompute: Recompute;
  processor?: ProcessorKind;
  json?: boolean;
  csv?: string | boolean;
  report?: string;
}

/** The one device a roofline runs on, and the TP group it shards over inside one node. */
function deviceFor(hw: string, tp: number, processor: ProcessorKind | undefined): { device: Device; cluster: Cluster } {
  const cluster = resolveHardware(hw, loadShippedCatalog());
  const devices = new Set(cluster.groups.map((g) => g.device.id));
  if (devices.size > 1) {
    throw new InputError(
      `--hw ${hw} mixes devices (${[...devices].join(', ')}); a roofline is per device: use --hw <device>x<N>`,
    );
  }
  const group = cluster.groups[0]!;
  if (tp > group.devicesPerNode) {
    throw new InputError(
      `--tp ${tp} exceeds the ${group.devicesPerNode} device(s) per node of ${hw}; tensor parallelism stays inside a node`,
    );
  }
  let device = group.device;
  if (processor) {
    if (!device.processors) throw new InputError(`--processor applies to SoCs; ${device.id} is a ${device.kind}`);
    if (!device.processors[processor]) {
      throw new InputError(
        `${device.id} has no ${processor} processor (it has: ${Object.keys(device.processors).join(', ')})`,
      );
    }
    device = withProcessor(device, processor);
  }
  return { device, cluster };
}

export function rooflineCommand(io: Io): Command {
  return new Command('roofline')
    .description('per-operator roofline of one phase of a model on one device (LLM-Viewer style, corrected)')
    .requiredOption('--model <name>', 'catalog name, alias, or a Hugging Face config.json')
    .requiredOption('--hw <hardware>', 'system id, <device>x<N>, or a .json file')
    .option('--phase <phase>', `one of ${PHASES.join(', ')}`, oneOf(PHASES), 'decode')
    .option('--batch <n>', 'sequences in the batch (train: micro-batch)', positiveInt, 1)
    .option('--input <tokens>', 'prompt length (prefill) or sequence length (train)', positiveInt, 1024)
    .option('--context <tokens>', 'tokens already in the KV cache (decode, chunked); default: --input', nonNegativeInt)
    .option('--chunk <tokens>', 'chunk length (chunked prefill)', positiveInt, 512)
    .option('--tp <n>', 'tensor-parallel degree (inside one node)', positiveInt, 1)
    .option('--ep <n>', 'expert parallelism inside the TP group (MoE models)', positiveInt, 1)
    .option('--sp', 'Megatron sequence parallelism with TP (reduce-scatter + all-gather)')
    .option('--precision <p>', 'activation and compute precision (default: bf16, else fp16)', oneOf(PRECISIONS))
    .option('--weight-bits <bits>', 'bits per weight, fractional for group formats (e.g. 4.5)', positiveNumber)
    .option('--kv-bits <bits>', 'bits per KV-cache element', positiveNumber)
    .option('--flash-attention', 'fused attention: no score matrix in memory')
    .option(
      '--recompute <mode>',
      'train: none, selective or full',
      oneOf(['none', 'selective', 'full'] as const),
      'none',
    )
    .option('--processor <p>', 'SoC processor to run on: cpu, gpu or npu', oneOf(['cpu', 'gpu', 'npu'] as const))
    .option('--json', 'machine-readable output')
    .option('--csv [file]', 'one row per op as CSV, to the file or to stdout')
    .option(...REPORT_OPTION)
    .action((o: RooflineOptions) => {
      if (o.report !== undefined) checkReportPath(o.report);
      const model = findModel(o.model);
      const { device, cluster } = deviceFor(o.hw, o.tp, o.processor);
      const format = resolveFormat(device, { precision: o.precision, weightBits: o.weightBits, kvBits: o.kvBits });
      const graph = buildPhaseGraph({
        model,
        phase: o.phase,
        batch: o.batch,
        input: o.input,
        context: o.context ?? o.input,
        chunk: o.chunk,
        format,
        tp: o.tp,
        ep: o.ep,
        sequenceParallel: o.sp ?? false,
        flashAttention: o.flashAttention ?? false,
        recompute: o.recompute,
      });
      const analysis = analyzeRoofline(graph, device);
      if (typeof o.csv === 'string') writeFileAtomic(o.csv, rooflineCsv(analysis));
      const text = !o.json && o.csv !== true;
      if (o.json) printJson(io, rooflineJson(analysis));
      else if (o.csv === true) io.out(rooflineCsv(analysis));
      else {
        io.out(rooflineText(analysis));
        if (typeof o.csv === 'string') io.out(`wrote ${o.csv}\n`);
      }
      if (o.report !== undefined)
        writeReport(io, o.report, rooflineHtml(analysis, rooflineInputs(o.model, o.hw, cluster, analysis)), text);
    });
}
