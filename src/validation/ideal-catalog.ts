// The same hardware with every efficiency removed: datasheet peaks, no kernel overhead, collectives
// at full link bandwidth and latency — the GenZ-like setting, to show what calibration buys.
import type { HardwareCatalog } from '../hardware/catalog.js';

export function idealCatalog(c: HardwareCatalog): HardwareCatalog {
  const devices = new Map(
    [...c.devices].map(([id, d]) => [
      id,
      { ...d, efficiency: {
          matmulPeakFraction: 1,
          memoryBandwidthFraction: 1,
          kernelOverheadS: 0,
          attentionPeakFraction: 1,
          trainingMatmulFraction: 1,
          calibrated: false,
        } },
    ]),
  );
  const links = new Map(
    [...c.links].map(([id, l]) => {
      const { collectiveModel: _fitted, ...rest } = l;
      return [id, { ...rest, collectiveEfficiency: 1 }];
    }),
  );
  return { ...c, devices, links };
}
