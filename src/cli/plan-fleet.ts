// `llmsim plan` on a cluster that mixes device kinds: each group's own plan search, served as a fleet.
import type { Cluster } from '../hardware/types.js';
import { tpotCurve } from '../planner/inference.js';
import { nothingServes, searchFleet } from '../planner/fleet.js';
import { sensitivities } from '../planner/sensitivity.js';
import { fleetCsv, fleetJson, fleetReportText, type FleetReport } from '../reports/fleet-report.js';
import { fleetHtml } from '../reports/html/fleet-html.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { ModelArch } from '../workloads/model-arch.js';
import { printJson, type Io } from './io.js';
import { fleetSetup, type PlanFlags } from './plan-setup.js';
import { writeReport } from './report-option.js';

export interface FleetOutputFlags {
  top: number;
  json?: boolean;
  csv?: string | boolean;
  report?: string;
}

export function runFleetPlan(
  io: Io,
  o: PlanFlags & FleetOutputFlags,
  target: { model: ModelArch; cluster: Cluster },
): void {
  const setup = fleetSetup(o, target);
  const result = searchFleet(setup.groups);
  const first = setup.groups.find((g) => 'ctx' in g);
  const report: FleetReport = {
    model: setup.model,
    cluster: setup.cluster,
    workload: first && 'ctx' in first ? first.ctx.workload : { input: o.input, output: o.output, serving: false },
    objective: o.objective,
    result,
    top: o.top,
    assumptions: setup.assumptions,
    groups: result.groups.map((g) => {
      const assumptions = setup.groupAssumptions.get(g.group.name) ?? [];
      if (!g.ctx || !g.options || !g.result) return { outcome: g, assumptions };
      const best = g.best;
      return {
        outcome: g,
        assumptions,
        report: {
          ctx: g.ctx,
          options: g.options,
          result: g.result,
          sensitivities: best ? sensitivities(g.ctx, best, g.options) : [],
          top: o.top,
          assumptions,
          tpotCurve: best ? tpotCurve(g.ctx, best.plan) : [],
        },
      };
    }),
  };
  // nothing serves: the reasons, and no report (as a plan where nothing fits)
  if (!result.metrics && result.groups.every((g) => !g.result?.missed.length))
    throw nothingServes(result, setup.model.name, o.hw);
  if (typeof o.csv === 'string') writeFileAtomic(o.csv, fleetCsv(report));
  if (o.json) printJson(io, fleetJson(report));
  else if (o.csv === true) io.out(fleetCsv(report));
  else io.out(fleetReportText(report));
  if (o.report !== undefined) writeReport(io, o.report, fleetHtml(report, o.model, o.hw), !o.json && o.csv !== true);
  if (!result.metrics) throw nothingServes(result, setup.model.name, o.hw);
}
