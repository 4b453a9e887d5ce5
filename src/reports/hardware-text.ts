// Human-readable views of devices, links and clusters for the terminal.
import { formatSi } from '../hardware/units.js';
import type { Cluster, Device, Link, Precision } from '../hardware/types.js';
import { PRECISIONS } from '../hardware/schema.js';
import { renderTable } from './table.js';

/** The rate people compare devices by: bf16, else fp16, else the highest-precision one listed. */
function headlineFlops(d: Device): string {
  const p: Precision | undefined = (['bf16', 'fp16', 'int8', 'fp32'] as Precision[]).find((x) => d.peakFlops[x]);
  return p ? `${formatSi(d.peakFlops[p]!, p.startsWith('int') ? 'OP/s' : 'FLOP/s')} ${p}` : '';
}

export function deviceListText(devices: Device[]): string {
  const rows = devices.map((d) => [
    d.id,
    d.kind,
    d.name,
    headlineFlops(d),
    formatSi(d.memory[0]!.capacityBytes, 'B'),
    formatSi(d.memory[0]!.bandwidthBytesPerS, 'B/s'),
    d.scaleUp?.linkId ?? '',
  ]);
  return renderTable(['device', 'kind', 'name', 'peak', 'memory', 'bandwidth', 'scale-up'], rows, { title: 'Devices' });
}

export function linkListText(links: Link[]): string {
  const rows = links.map((l) => [
    l.id,
    l.type,
    l.scope,
    formatSi(l.bandwidthBytesPerS, 'B/s'),
    formatSi(l.latencyS, 's'),
    l.rdma ? 'yes' : 'no',
  ]);
  return renderTable(['link', 'type', 'scope', 'bandwidth/dir', 'latency', 'rdma'], rows, { title: 'Links and NICs' });
}

export function clusterSummary(c: Cluster): string {
  return c.groups
    .map((g) => {
      const nics = g.nics.map((n) => `${n.perNode}×${n.link.id}`).join('+');
      return `${g.nodes}×${g.devicesPerNode} ${g.device.id}${g.scaleUp ? ` (${g.scaleUp.id})` : ''}${nics ? ` ${nics}` : ''}`;
    })
    .concat(c.interGroup ? [`groups joined by ${c.interGroup.perNode}×${c.interGroup.link.id}`] : [])
    .join('; ');
}

export function systemListText(clusters: Cluster[]): string {
  const rows = clusters.map((c) => [c.id, c.totalDevices, clusterSummary(c)]);
  return renderTable(['system', 'devices', 'layout'], rows, { title: 'Systems' });
}

function provenanceLines(p: Record<string, string>): string[] {
  return Object.entries(p).map(([ptr, src]) => `  ${ptr}: ${src}`);
}

export function deviceText(d: Device): string {
  const lines = [`${d.name} (${d.id}, ${d.kind}, ${d.vendor})`, `  file: ${d.file}`];
  if (d.aliases.length) lines.push(`  aliases: ${d.aliases.join(', ')}`);
  if (d.activeProcessor)
    lines.push(`  processors: ${Object.keys(d.processors ?? {}).join(', ')} (rates below: ${d.activeProcessor})`);
  lines.push('Peak (dense):');
  for (const p of PRECISIONS) {
    const v = d.peakFlops[p];
    if (v) lines.push(`  ${p.padEnd(5)} ${formatSi(v, p.startsWith('int') ? 'OP/s' : 'FLOP/s')}`);
  }
  lines.push('Memory:');
  for (const m of d.memory)
    lines.push(
      `  ${m.tier.padEnd(5)} ${formatSi(m.capacityBytes, 'B')} at ${formatSi(m.bandwidthBytesPerS, 'B/s')}${m.technology ? ` (${m.technology})` : ''}`,
    );
  for (const b of d.onChip) lines.push(`  ${b.name}: ${formatSi(b.capacityBytes, 'B')}`);
  if (d.computeUnits) {
    const t = d.computeUnits.matrixTile;
    lines.push(
      `Compute units: ${d.computeUnits.count} ${d.computeUnits.name}${t ? `, tile ${t.m}×${t.n}×${t.k}` : ''}`,
    );
  }
  if (d.fpga) lines.push(`DSP: ${d.fpga.dspSlices} slices at ${formatSi(d.fpga.dspClockHz, 'Hz')}`);
  if (d.clockHz) lines.push(`Clock: ${formatSi(d.clockHz, 'Hz')}`);
  const e = d.efficiency;
  lines.push(
    e.calibrated
      ? `Efficiency: GEMMs reach ${e.matmulPeakFraction} of peak (after tile/wave quantization), streams ${e.memoryBandwidthFraction} of bandwidth, ${formatSi(e.kernelOverheadS, 's')} per kernel`
      : 'Efficiency: not calibrated (pure roofline); run npm run calibrate or add an "efficiency" block',
  );
  if (d.scaleUp)
    lines.push(`Scale-up: ${d.scaleUp.linkId}${d.scaleUp.maxDevices ? `, ${d.scaleUp.maxDevices} per node` : ''}`);
  if (d.scaleOut) lines.push(`Scale-out: ${d.scaleOut.perNode} × ${d.scaleOut.linkId} per node`);
  if (d.tdpW) lines.push(`TDP: ${d.tdpW} W`);
  if (d.priceUsd) lines.push(`Price: ${d.priceUsd} USD`);
  if (d.staticShapes) lines.push('Static shapes: graphs compile per shape');
  if (d.notes) lines.push(`Notes: ${d.notes}`);
  lines.push('Sources:', ...provenanceLines(d.provenance));
  return lines.join('\n') + '\n';
}

export function linkText(l: Link): string {
  return (
    [
      `${l.name} (${l.id}, ${l.type}, ${l.scope})`,
      `  file: ${l.file}`,
      `Bandwidth: ${formatSi(l.bandwidthBytesPerS, 'B/s')} per direction${l.scope === 'scale-up' ? ' per device' : ' per port'}`,
      `Latency: ${formatSi(l.latencyS, 's')}`,
      `Collective efficiency: ${l.collectiveEfficiency}`,
      ...(l.collectiveModel
        ? [
            `Collective model: ${formatSi(l.collectiveModel.baseLatencyS, 's')} per call, half bandwidth at ${formatSi(l.collectiveModel.halfBandwidthBytes, 'B')}${l.collectiveModel.inSwitchReductionEfficiency !== undefined ? `, in-switch reduction (NVLS) at ${l.collectiveModel.inSwitchReductionEfficiency}` : ''}`,
          ]
        : []),
      `RDMA: ${l.rdma ? 'yes' : 'no'}, topology: ${l.topology}${l.maxDevices ? `, up to ${l.maxDevices} devices` : ''}`,
      ...(l.notes ? [`Notes: ${l.notes}`] : []),
      'Sources:',
      ...provenanceLines(l.provenance),
    ].join('\n') + '\n'
  );
}

export function clusterText(c: Cluster): string {
  const lines = [`${c.name} (${c.id}): ${c.totalDevices} devices`];
  for (const g of c.groups) {
    lines.push(
      `  group ${g.name}: ${g.nodes} node(s) × ${g.devicesPerNode} ${g.device.id}` +
        (g.scaleUp ? `, scale-up ${g.scaleUp.id}` : '') +
        (g.nics.length ? `, NICs ${g.nics.map((n) => `${n.perNode} × ${n.link.id}`).join(' + ')}` : ''),
    );
  }
  if (c.interGroup) lines.push(`  groups joined by ${c.interGroup.perNode} × ${c.interGroup.link.id} per node`);
  lines.push('Resolved from:', ...c.origin.map((o) => `  ${o}`));
  return lines.join('\n') + '\n';
}
