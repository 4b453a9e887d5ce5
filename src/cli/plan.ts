// `llmsim plan`: search inference plans for a model on hardware and explain the best.
import { Command } from 'commander';
import { InputError, ModelingError } from '../errors.js';
import { loadShippedCatalog } from '../hardware/catalog.js';
import { resolveHardware } from '../hardware/cluster.js';
import { PRECISIONS } from '../hardware/schema.js';
import type { Precision } from '../hardware/types.js';
import { findModel } from '../workloads/models.js';
import { resolveFormat } from '../workloads/precision.js';
import { inferenceHardware } from '../planner/setup.js';
import { OBJECTIVES, searchInference, type Objective, type SearchOptions } from '../planner/search.js';
import { sensitivities } from '../planner/sensitivity.js';
import { smallestFit } from '../planner/smallest-fit.js';
import { DEFAULT_ENGINE, type PlanContext } from '../planner/inference.js';
import { planCsv, planJson, planReportText, type PlanReport } from '../reports/plan-report.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { oneOf, positiveInt, positiveNumber } from './options.js';
import { printJson, type Io } from './io.js';

interface PlanOptions {
  model: string;
  hw: string;
  mode: 'inference';
  input: number;
  output: number;
  batch?: number;
  concurrency?: number;
  sloTtft?: number;
  sloTpot?: number;
  objective: Objective;
  tp?: number;
  pp?: number;
  precision?: Precision;
  weightBits?: number;
  kvBits?: number;
  maxBatch: number;
  maxNumTokens: number;
  memoryUtilization: number;
  top: number;
  json?: boolean;
  csv?: string | boolean;
}

export function planCommand(io: Io): Command {
  return new Command('plan')
    .description('find the inference plan (TP × PP × DP, batch) that runs a model best on the hardware, and explain it')
    .requiredOption('--model <name>', 'catalog name, alias, or a Hugging Face config.json')
    .requiredOption('--hw <hardware>', 'system id, <device>x<N>, or a .json file')
    .option('--mode <mode>', 'inference (training plans: issue 6)', oneOf(['inference'] as const), 'inference')
    .option('--input <tokens>', 'prompt tokens per request', positiveInt, 1024)
    .option('--output <tokens>', 'generated tokens per request', positiveInt, 256)
    .option(
      '--batch <n>',
      'fixed batch per replica (default: offline serving, the largest batch that fits)',
      positiveInt,
    )
    .option('--concurrency <n>', 'concurrent requests over the whole system', positiveInt)
    .option('--slo-ttft <ms>', 'time-to-first-token limit', positiveNumber)
    .option('--slo-tpot <ms>', 'time-per-output-token limit', positiveNumber)
    .option('--objective <o>', `one of ${OBJECTIVES.join(', ')}`, oneOf(OBJECTIVES), 'throughput')
    .option('--tp <n>', 'fix the tensor-parallel degree', positiveInt)
    .option('--pp <n>', 'fix the pipeline-parallel degree', positiveInt)
    .option('--precision <p>', 'activation/compute precision (default bf16, else fp16)', oneOf(PRECISIONS))
    .option('--weight-bits <bits>', 'bits per weight (e.g. 4, 4.5, 8)', positiveNumber)
    .option('--kv-bits <bits>', 'bits per KV-cache element', positiveNumber)
    .option('--max-batch <n>', "engine's largest batch (TensorRT-LLM default)", positiveInt, DEFAULT_ENGINE.maxBatch)
    .option(
      '--max-num-tokens <n>',
      "engine's token budget per step (TensorRT-LLM default)",
      positiveInt,
      DEFAULT_ENGINE.maxNumTokens,
    )
    .option(
      '--memory-utilization <f>',
      'share of the memory left after the weights for KV cache and workspace (TensorRT-LLM default)',
      positiveNumber,
      DEFAULT_ENGINE.memoryUtilization,
    )
    .option('--top <k>', 'plans to show', positiveInt, 5)
    .option('--json', 'machine-readable output')
    .option('--csv [file]', 'every ranked plan as CSV, to the file or to stdout')
    .action((o: PlanOptions) => {
      if (o.batch !== undefined && o.concurrency !== undefined)
        throw new InputError('give --batch or --concurrency, not both');
      if (o.memoryUtilization > 1) throw new InputError('--memory-utilization is a fraction of 1');
      const model = findModel(o.model);
      const cluster = resolveHardware(o.hw, loadShippedCatalog());
      const hw = inferenceHardware(cluster);
      const format = resolveFormat(hw.device, { precision: o.precision, weightBits: o.weightBits, kvBits: o.kvBits });
      const serving = o.batch === undefined && o.concurrency === undefined;
      const ctx: PlanContext = {
        model,
        hw,
        workload: { input: o.input, output: o.output, serving },
        engine: { maxBatch: o.maxBatch, maxNumTokens: o.maxNumTokens, memoryUtilization: o.memoryUtilization },
      };
      const options: SearchOptions = {
        format,
        objective: o.objective,
        flashAttention: true,
        ...(o.tp !== undefined && { tp: o.tp }),
        ...(o.pp !== undefined && { pp: o.pp }),
        ...(o.batch !== undefined && { batch: o.batch }),
        ...(o.concurrency !== undefined && { concurrency: o.concurrency }),
        ...(o.sloTtft !== undefined && { sloTtftMs: o.sloTtft }),
        ...(o.sloTpot !== undefined && { sloTpotMs: o.sloTpot }),
      };
      const result = searchInference(ctx, options);
      if (!result.ranked.length && !result.missed.length) {
        const fit = smallestFit(ctx, options);
        throw new ModelingError(
          `${model.name} does not fit on ${o.hw} with any plan: ${result.infeasible[0]?.reason ?? ''}.${fit ? ` The smallest hardware that fits: ${fit}.` : ''}`,
        );
      }
      const best = result.ranked[0];
      const report: PlanReport = {
        ctx,
        options,
        result,
        sensitivities: best ? sensitivities(ctx, best, options) : [],
        top: o.top,
        assumptions: [
          `${cluster.totalDevices} devices (${cluster.origin.join('; ')})`,
          `${format.activation} activations and compute, ${format.weightBits}-bit weights, ${format.kvBits}-bit KV cache, FlashAttention`,
          serving
            ? `offline serving: batch up to the KV-cache limit and --max-batch ${o.maxBatch}; prefill in chunks of --max-num-tokens ${o.maxNumTokens}; ${Math.round(o.memoryUtilization * 100)} % of the memory left after the weights for KV cache and workspace`
            : `batch per replica ${o.batch ?? `⌈${o.concurrency} / DP⌉`}; TTFT is the batch's prefill (no queueing)`,
        ],
      };
      if (typeof o.csv === 'string') writeFileAtomic(o.csv, planCsv(report));
      if (o.json) printJson(io, planJson(report));
      else if (o.csv === true) io.out(planCsv(report));
      else io.out(planReportText(report));
      if (!best) throw new ModelingError('no plan meets the SLOs (closest plans above)');
    });
}
