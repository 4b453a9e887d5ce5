// What-if hardware: one resource of an inference replica's hardware scaled by a factor (the
// device's fastest memory tier's bandwidth or capacity, its peak FLOP/s at every precision, or
// the bandwidth of its links), everything else — calibrated efficiencies included — kept.
// Used by the sensitivities of `plan` and by `sweep`.
import type { QuantityFormat } from '../hardware/schema.js';
import type { Device, Link, Precision } from '../hardware/types.js';
import type { InferenceHardware } from './inference.js';

export const HARDWARE_PARAMS = ['hbm-bandwidth', 'flops', 'memory-capacity', 'link-bandwidth'] as const;
export type HardwareParam = (typeof HARDWARE_PARAMS)[number];

/** The unit kind of each parameter's absolute values (for parseQuantity) and its SI unit. */
export const HARDWARE_PARAM_UNITS: Record<HardwareParam, { format: QuantityFormat; si: string }> = {
  'hbm-bandwidth': { format: 'bandwidth', si: 'B/s' },
  flops: { format: 'flops', si: 'FLOP/s' },
  'memory-capacity': { format: 'bytes', si: 'B' },
  'link-bandwidth': { format: 'bandwidth', si: 'B/s' },
};

function scaleDevice(d: Device, what: 'bandwidth' | 'flops' | 'capacity', factor: number): Device {
  if (what === 'flops') {
    return { ...d, peakFlops: Object.fromEntries(Object.entries(d.peakFlops).map(([p, v]) => [p, v * factor])) };
  }
  const memory = d.memory.map((m, i) =>
    i > 0
      ? m
      : what === 'bandwidth'
        ? { ...m, bandwidthBytesPerS: m.bandwidthBytesPerS * factor }
        : { ...m, capacityBytes: m.capacityBytes * factor },
  );
  return { ...d, memory };
}

const scaleLink = (l: Link | undefined, factor: number) =>
  l ? { ...l, bandwidthBytesPerS: l.bandwidthBytesPerS * factor } : l;

/** The hardware with one resource multiplied by `factor`; link bandwidth scales scale-up and NIC alike. */
export function scaleHardware(hw: InferenceHardware, param: HardwareParam, factor: number): InferenceHardware {
  switch (param) {
    case 'hbm-bandwidth':
      return { ...hw, device: scaleDevice(hw.device, 'bandwidth', factor) };
    case 'flops':
      return { ...hw, device: scaleDevice(hw.device, 'flops', factor) };
    case 'memory-capacity':
      return { ...hw, device: scaleDevice(hw.device, 'capacity', factor) };
    case 'link-bandwidth':
      return { ...hw, scaleUp: scaleLink(hw.scaleUp, factor), nic: scaleLink(hw.nic, factor) };
  }
}

/**
 * The descriptor's value of a parameter in SI units, which absolute sweep values are relative to:
 * the first memory tier's bandwidth or capacity, the peak FLOP/s at `precision` (the plan's compute
 * precision), the scale-up link's bandwidth per device (the NIC's where there is no scale-up link).
 * Undefined when the hardware has no such resource (a single device has no link).
 */
export function hardwareBaseline(
  hw: InferenceHardware,
  param: HardwareParam,
  precision: Precision,
): number | undefined {
  const d = hw.device;
  switch (param) {
    case 'hbm-bandwidth':
      return d.memory[0]?.bandwidthBytesPerS;
    case 'memory-capacity':
      return d.memory[0]?.capacityBytes;
    case 'flops':
      return d.peakFlops[precision] ?? Math.max(...Object.values(d.peakFlops));
    case 'link-bandwidth':
      return (hw.scaleUp ?? hw.nic)?.bandwidthBytesPerS;
  }
}
