// `llmsim plan`: search inference plans for a model on hardware and explain the best.
import { Command } from 'commander';
import { addTrainOptions, checkModeFlags, runTrainPlan, TRAIN_DEFAULTS, type TrainFlags } from './plan-train.js';
import { InputError, ModelingError } from '../errors.js';
import { searchInference } from '../planner/search.js';
import { sensitivities } from '../planner/sensitivity.js';
import { tpotCurve } from '../planner/inference.js';
import { smallestFit } from '../planner/smallest-fit.js';
import { planCsv, planJson, planReportText, type PlanReport } from '../reports/plan-report.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { oneOf, positiveInt } from './options.js';
import { addPlanOptions, planSetup, planTarget, type PlanFlags } from './plan-setup.js';
import { runFleetPlan } from './plan-fleet.js';
import { clusterDevices, mixesDevices } from '../planner/setup.js';
import { resolveHardware } from '../hardware/cluster.js';
import { loadShippedCatalog } from '../hardware/catalog.js';
import { printJson, type Io } from './io.js';
import { REPORT_OPTION, checkReportPath, writeReport } from './report-option.js';
import { planHtml } from '../reports/html/plan-html.js';
import { planInputs } from '../reports/html/inputs.js';

interface PlanOptions
  extends PlanFlags, Omit<TrainFlags, 'seqLen' | 'globalBatch' | 'precision' | 'top' | 'json' | 'csv' | 'report'> {
  mode: 'inference' | 'train';
  seqLen?: number;
  globalBatch?: number;
  top: number;
  json?: boolean;
  csv?: string | boolean;
  report?: string;
}

/** Training replicas would span device kinds (TP/PP across different GPUs is not modeled): exit 2. */
function refuseMixedTraining(hw: string): void {
  const cluster = resolveHardware(hw, loadShippedCatalog());
  if (mixesDevices(cluster))
    throw new InputError(
      `--mode train: ${hw} mixes devices (${clusterDevices(cluster).join(', ')}); training plans over mixed devices are not modeled (a training step would span device kinds). Train on one group's devices (e.g. --hw ${cluster.groups[0]!.device.id}x${cluster.groups[0]!.devicesPerNode * cluster.groups[0]!.nodes}); inference plans serve mixed clusters as a fleet`,
    );
}

export function planCommand(io: Io): Command {
  const cmd = addPlanOptions(
    new Command('plan').description(
      'find the inference plan (TP × PP × DP, batch) or the training plan (TP × PP × DP × CP, micro-batch, recomputation, ZeRO, schedule) that runs a model best on the hardware, and explain it',
    ),
  );
  return addTrainOptions(cmd)
    .option('--mode <mode>', 'inference or train', oneOf(['inference', 'train'] as const), 'inference')
    .option('--top <k>', 'plans to show', positiveInt, 5)
    .option('--json', 'machine-readable output')
    .option('--csv [file]', 'every ranked plan as CSV, to the file or to stdout')
    .option(...REPORT_OPTION)
    .action((o: PlanOptions, command: Command) => {
      if (o.report !== undefined) checkReportPath(o.report);
      checkModeFlags(command, o.mode);
      if (o.mode === 'train') {
        refuseMixedTraining(o.hw);
        runTrainPlan(io, {
          ...o,
          seqLen: o.seqLen ?? TRAIN_DEFAULTS.seqLen,
          globalBatch: o.globalBatch ?? TRAIN_DEFAULTS.globalBatch,
        });
        return;
      }
      const target = planTarget(o);
      // a cluster of several device kinds serves as a fleet of groups, each with its own replicas
      if (mixesDevices(target.cluster)) {
        runFleetPlan(io, o, target);
        return;
      }
      const { ctx, options, assumptions, cluster } = planSetup(o, false, target);
      const result = searchInference(ctx, options);
      if (!result.ranked.length && !result.missed.length) {
        const fit = smallestFit(ctx, options);
        throw new ModelingError(
          `${ctx.model.name} does not fit on ${o.hw} with any plan: ${result.infeasible[0]?.reason ?? ''}.${fit ? ` The smallest hardware that fits: ${fit}.` : ''}`,
        );
      }
      const best = result.ranked[0];
      const report: PlanReport = {
        ctx,
        options,
        result,
        sensitivities: best ? sensitivities(ctx, best, options) : [],
        top: o.top,
        assumptions,
        tpotCurve: best ? tpotCurve(ctx, best.plan) : [],
      };
      if (typeof o.csv === 'string') writeFileAtomic(o.csv, planCsv(report));
      if (o.json) printJson(io, planJson(report));
      else if (o.csv === true) io.out(planCsv(report));
      else io.out(planReportText(report));
      if (o.report !== undefined) {
        const inputs = planInputs(o.model, o.hw, cluster, ctx, options, assumptions, best?.plan);
        writeReport(io, o.report, planHtml(report, inputs), !o.json && o.csv !== true);
      }
      if (!best) throw new ModelingError('no plan meets the SLOs (closest plans above)');
    });
}
