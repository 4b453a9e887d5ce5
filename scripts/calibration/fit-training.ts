// The training fit: per device, the one share of its calibrated matrix rate (trainingMatmulFraction)
// that makes the median prediction of its published training runs exact. One parameter over all of
// a device's training cases (tens of runs, several sources, sizes and plans), never per case.
import type { HardwareCatalog } from '../../src/hardware/catalog.js';
import type { Device } from '../../src/hardware/types.js';
import { loadCaseFiles, shippedCaseFiles } from '../../src/validation/load-cases.js';
import { predictCase } from '../../src/validation/predict.js';
import { isTrainingMetric } from '../../src/validation/predict-training.js';
import type { ValidationCase } from '../../src/validation/types.js';
import { median } from '../../src/util/stats.js';

export interface TrainingFit {
  fraction: number;
  cases: string[];
}

const TIME_METRICS = new Set(['train_step_s', 'layer_fwd_bwd_ms']);

export function trainingCases(): ValidationCase[] {
  return loadCaseFiles(shippedCaseFiles()).cases.filter((c) => isTrainingMetric(c.metric));
}

function withFraction(catalog: HardwareCatalog, device: Device, f: number): HardwareCatalog {
  const devices = new Map(catalog.devices);
  devices.set(device.id, { ...device, efficiency: { ...device.efficiency, trainingMatmulFraction: f } });
  return { ...catalog, devices };
}

/** log(predicted speed / measured speed): > 0 when the prediction is too fast. */
function speedError(c: ValidationCase, catalog: HardwareCatalog): number | undefined {
  let p;
  try {
    p = predictCase(c, catalog);
  } catch {
    return undefined; // a case llmsim cannot predict (the validation run reports why)
  }
  if (!('predicted' in p) || !(p.predicted > 0)) return undefined;
  const ratio = p.predicted / c.measured;
  return TIME_METRICS.has(c.metric) ? -Math.log(ratio) : Math.log(ratio);
}

/** Bisection on the fraction: the median speed error falls as the fraction falls. */
export function fitTrainingFraction(catalog: HardwareCatalog, device: Device, cases: ValidationCase[]): number {
  const medianError = (f: number) => {
    const c = withFraction(catalog, device, f);
    return median(cases.map((x) => speedError(x, c)).filter((e): e is number => e !== undefined));
  };
  let lo = 0.2;
  let hi = 1;
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2;
    if (medianError(mid) > 0) hi = mid;
    else lo = mid;
  }
  return Number(((lo + hi) / 2).toFixed(3));
}

/** The fit for every device with training cases that llmsim predicts. */
export function fitTraining(
  catalog: HardwareCatalog,
  cases: ValidationCase[] = trainingCases(),
): Record<string, TrainingFit> {
  const out: Record<string, TrainingFit> = {};
  const byDevice = new Map<string, ValidationCase[]>();
  for (const c of cases) byDevice.set(c.hardware.device, [...(byDevice.get(c.hardware.device) ?? []), c]);
  for (const [id, list] of byDevice) {
    const device = catalog.devices.get(id);
    if (!device) continue;
    const base = withFraction(catalog, device, 1);
    const predicted = list.filter((c) => speedError(c, base) !== undefined);
    if (predicted.length < 5) continue; // too few runs to fit a device-wide share
    out[id] = { fraction: fitTrainingFraction(catalog, device, predicted), cases: predicted.map((c) => c.id) };
  }
  return out;
}
