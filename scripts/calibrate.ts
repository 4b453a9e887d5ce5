// npm run calibrate: fit efficiency parameters to the microbenchmark cases and write them into
// the descriptors in hw-specs/, with the cases used as the source. Devices and links without
// microbenchmarks get their family's median, marked as an estimate that says so.
import { readFileSync, writeFileSync } from 'node:fs';
import * as prettier from 'prettier';
import { loadShippedCatalog } from '../src/hardware/catalog.js';
import type { Device } from '../src/hardware/types.js';
import { fitAll, KERNEL_OVERHEAD, type CalibrationFit } from './calibration/fit.js';
import { fitTraining } from './calibration/fit-training.js';
import { median } from '../src/util/stats.js';

const SOURCE_KEY = 'llmsim-calibration';
const TRAINING_SOURCE_KEY = 'llmsim-training-calibration';

type Json = Record<string, unknown>;

/** Puts `key` right after `after` (descriptors read top-down: identity, then sources, then numbers). */
function insertAfter(obj: Json, after: string, key: string, value: unknown): Json {
  const out: Json = {};
  let placed = false;
  for (const [k, v] of Object.entries(obj)) {
    if (k === key) continue;
    out[k] = v;
    if (k === after) {
      out[key] = value;
      placed = true;
    }
  }
  if (!placed) out[key] = value;
  return out;
}

async function write(file: string, json: Json): Promise<void> {
  const config = (await prettier.resolveConfig(file)) ?? {};
  writeFileSync(file, await prettier.format(JSON.stringify(json), { ...config, filepath: file }));
}

function withSource(json: Json, title: string, key = SOURCE_KEY): Json {
  const sources = { ...(json.sources as Json) };
  sources[key] = { title };
  return { ...json, sources };
}

function familyEstimate(
  fit: CalibrationFit,
  device: Device,
  pick: (f: CalibrationFit['devices'][string]) => number | undefined,
) {
  const catalog = loadShippedCatalog();
  const sameVendor = Object.entries(fit.devices).filter(
    ([id, f]) => catalog.devices.get(id)!.vendor === device.vendor && pick(f) !== undefined,
  );
  const pool = sameVendor.length ? sameVendor : Object.entries(fit.devices).filter(([, f]) => pick(f) !== undefined);
  const value = median(pool.map(([, f]) => pick(f)!));
  const who = pool.map(([id]) => id).join(', ');
  return {
    value: Number(value.toFixed(3)),
    estimate: `no microbenchmark of this device: median of the fits for ${who} (${sameVendor.length ? 'same vendor' : 'all fitted devices'}), npm run calibrate`,
  };
}

async function main(): Promise<void> {
  const catalog = loadShippedCatalog();
  const fit = fitAll(catalog);
  // the training share is fitted on top of the microbenchmark fractions the descriptors hold
  const training = fitTraining(catalog);
  const trainingPool = Object.entries(training);
  for (const device of catalog.devices.values()) {
    let json = JSON.parse(readFileSync(device.file, 'utf8')) as Json;
    const own = fit.devices[device.id];
    const eff: Json = {};
    if (own) {
      eff.matmulPeakFraction = { value: own.matmulPeakFraction, source: SOURCE_KEY };
      json = withSource(
        json,
        `npm run calibrate (scripts/calibrate.ts): fitted to the microbenchmark cases ${own.cases.join(', ')}`,
      );
    } else {
      eff.matmulPeakFraction = familyEstimate(fit, device, (f) => f.matmulPeakFraction);
      delete (json.sources as Json)[SOURCE_KEY];
    }
    eff.memoryBandwidthFraction =
      own?.memoryBandwidthFraction !== undefined
        ? { value: own.memoryBandwidthFraction, source: SOURCE_KEY }
        : familyEstimate(fit, device, (f) => f.memoryBandwidthFraction);
    eff.kernelOverhead = { value: KERNEL_OVERHEAD.value, estimate: KERNEL_OVERHEAD.estimate };
    // attention kernels' fraction is entered by hand from published kernel benchmarks: keep it
    const previous = (json.efficiency ?? {}) as Json;
    if (previous.attentionPeakFraction) eff.attentionPeakFraction = previous.attentionPeakFraction;
    const ownTraining = training[device.id];
    if (ownTraining) {
      eff.trainingMatmulFraction = { value: ownTraining.fraction, source: TRAINING_SOURCE_KEY };
      json = withSource(
        json,
        `npm run calibrate (scripts/calibration/fit-training.ts): median of the training cases ${ownTraining.cases.join(', ')}`,
        TRAINING_SOURCE_KEY,
      );
    } else {
      const sameVendor = trainingPool.filter(([id]) => catalog.devices.get(id)!.vendor === device.vendor);
      const pool = sameVendor.length ? sameVendor : trainingPool;
      eff.trainingMatmulFraction = {
        value: Number(median(pool.map(([, f]) => f.fraction)).toFixed(3)),
        estimate: `no published training run of this device: median of the training fits for ${pool.map(([id]) => id).join(', ')}, npm run calibrate`,
      };
      delete (json.sources as Json)[TRAINING_SOURCE_KEY];
    }
    json = insertAfter(json, 'aliases' in json ? 'aliases' : 'vendor', 'efficiency', eff);
    await write(device.file, json);
  }

  const nvlinkFamily = fit.links['nvlink4'];
  for (const link of catalog.links.values()) {
    let json = JSON.parse(readFileSync(link.file, 'utf8')) as Json;
    const own = fit.links[link.id];
    const family = !own && link.type === 'nvlink' && nvlinkFamily;
    if (!own && !family) continue;
    const f = (own || nvlinkFamily)!;
    const tag = own
      ? { source: SOURCE_KEY }
      : { estimate: `no collective sweep on this link: nvlink4's fit (same NVSwitch family), npm run calibrate` };
    const model: Json = {
      baseLatency: { value: `${f.baseLatencyUs} us`, ...tag },
      halfBandwidthMessage: { value: `${f.halfBandwidthBytes} B`, ...tag },
    };
    // in-switch reduction is a property of the switch generation: only where it was measured
    if (own?.inSwitchReductionEfficiency !== undefined)
      model.inSwitchReductionEfficiency = { value: own.inSwitchReductionEfficiency, ...tag };
    if (own)
      json = withSource(
        json,
        `npm run calibrate (scripts/calibrate.ts): fitted to the collective cases ${own.cases.join(', ')}`,
      );
    json = insertAfter(json, 'collectiveEfficiency', 'collectiveModel', model);
    await write(link.file, json);
  }
  console.log(
    `calibrated ${Object.keys(fit.devices).length} devices and ${Object.keys(fit.links).length} links from microbenchmarks; the rest by family`,
  );
}

await main();
