// `llmsim sweep`: the plan search over one or two hardware or workload parameters, a metric of the
// best plan at every point ("what platform do I need").
import { Command } from 'commander';
import {
  SWEEP_METRICS,
  SWEEP_PARAMS,
  defaultSweepMetric,
  parseSweepAxis,
  runSweep,
  type SweepMetric,
} from '../planner/sweep.js';
import { sweepCsv, sweepJson, sweepReportText, type SweepReport } from '../reports/sweep-report.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { InputError } from '../errors.js';
import { oneOf } from './options.js';
import { addPlanOptions, planSetup, type PlanFlags } from './plan-setup.js';
import { printJson, type Io } from './io.js';
import { REPORT_OPTION, checkReportPath, writeReport } from './report-option.js';
import { sweepHtml } from '../reports/html/sweep-html.js';
import { planInputs } from '../reports/html/inputs.js';

interface SweepOptions extends PlanFlags {
  param: string[];
  metric?: SweepMetric;
  json?: boolean;
  csv?: string | boolean;
  report?: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function sweepCommand(io: Io): Command {
  return addPlanOptions(
    new Command('sweep').description(
      'the best plan and one of its metrics over one or two hardware or workload parameters: what platform a workload needs',
    ),
  )
    .requiredOption(
      '--param <name=values>',
      `swept parameter, once or twice: ${SWEEP_PARAMS.join(', ')}; values as a comma list or start:stop:step ranges; hardware values are multiples of the descriptor (0.5,1,2) or absolute with a unit (2TB/s,4TB/s; 80GB; 1PFLOP/s)`,
      collect,
    )
    .option(
      '--metric <m>',
      `metric of the best plan: ${SWEEP_METRICS.join(', ')} (default: output_tokens_per_s; latency objective: e2e_latency_ms)`,
      oneOf(SWEEP_METRICS),
    )
    .option('--json', 'machine-readable output')
    .option('--csv [file]', 'one row per point as CSV, to the file or to stdout')
    .option(...REPORT_OPTION)
    .addHelpText(
      'after',
      '\nExamples:\n  llmsim sweep --model llama-70b --hw h100x8 --param hbm-bandwidth=0.5,1,1.5,2 --metric tpot_ms\n  llmsim sweep --model llama-70b --hw h100x8 --param hbm-bandwidth=2TB/s:8TB/s:2TB/s --param memory-capacity=40GB,80GB,160GB',
    )
    .action((o: SweepOptions) => {
      if (o.param.length > 2) throw new InputError(`a sweep takes one or two --param, got ${o.param.length}`);
      if (o.report !== undefined) checkReportPath(o.report);
      const batchSwept = o.param.some((p) => p.split('=')[0]?.trim() === 'batch');
      const { ctx, options, format, assumptions, cluster } = planSetup(o, batchSwept);
      const axes = o.param.map((p) => parseSweepAxis(p, ctx, format.compute));
      if (axes.some((a) => a.param === 'batch') && o.batch !== undefined)
        throw new InputError('give the batch as --param batch=... or as --batch, not both');
      const result = runSweep(ctx, options, axes, o.metric ?? defaultSweepMetric(o.objective));
      const report: SweepReport = {
        ctx,
        options,
        result,
        assumptions,
      };
      if (typeof o.csv === 'string') writeFileAtomic(o.csv, sweepCsv(report));
      if (o.json) printJson(io, sweepJson(report));
      else if (o.csv === true) io.out(sweepCsv(report));
      else io.out(sweepReportText(report));
      if (o.report !== undefined) {
        const inputs = planInputs(o.model, o.hw, cluster, ctx, options, assumptions, undefined);
        writeReport(io, o.report, sweepHtml(report, inputs), !o.json && o.csv !== true);
      }
    });
}
