// The shipped hardware catalog and `--hw` resolution.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadShippedCatalog, findDevice } from '../src/hardware/catalog.js';
import { resolveHardware, linkBetweenGroups } from '../src/hardware/cluster.js';
import { schemaFiles } from '../src/hardware/schema-files.js';
import { InputError } from '../src/errors.js';
import { runCli } from './helpers/cli.js';

const catalog = loadShippedCatalog();

/** Device and link ids named in shared/reference/README.md ("Device ids used by ..."). */
function referenceIds(): { devices: string[]; links: string[] } {
  const text = readFileSync(new URL('../../shared/reference/README.md', import.meta.url), 'utf8');
  const list = (label: RegExp) =>
    (label.exec(text)?.[1] ?? '')
      .split(/[,.]\s*/)
      .map((s) => s.trim())
      .filter(Boolean);
  return {
    devices: list(/Device ids used by the validation cases:([^]*?)\nLink ids/),
    links: list(/Link ids:([^]*?)$/),
  };
}

describe('shipped hardware catalog', () => {
  it('has a descriptor for every device and link id the validation data names', () => {
    const ids = referenceIds();
    expect(ids.devices.length).toBeGreaterThan(20);
    for (const id of ids.devices) expect(catalog.devices.has(id), id).toBe(true);
    for (const id of ids.links) expect(catalog.links.has(id), id).toBe(true);
  });

  it('has the links the foundation issue names', () => {
    for (const id of [
      'nvlink3',
      'nvlink4',
      'nvlink5',
      'pcie4',
      'pcie5',
      'ib-hdr-200',
      'ib-ndr-400',
      'roce-100g',
      'roce-200g',
      'roce-400g',
      'eth-10g',
      'eth-25g',
      'eth-100g',
    ])
      expect(catalog.links.has(id), id).toBe(true);
  });

  it('has every device kind', () => {
    const kinds = new Set([...catalog.devices.values()].map((d) => d.kind));
    for (const k of ['gpu', 'npu', 'fpga', 'soc']) expect(kinds.has(k as never), k).toBe(true);
  });

  it('states a source or an estimate for every number', () => {
    for (const d of catalog.devices.values()) {
      expect(Object.keys(d.provenance).length, d.id).toBeGreaterThan(3);
      for (const [ptr, text] of Object.entries(d.provenance)) expect(text.length, `${d.id} ${ptr}`).toBeGreaterThan(10);
    }
  });

  it('keeps every number in SI units and positive', () => {
    const a100 = findDevice(catalog, 'a100-80gb-sxm');
    expect(a100.peakFlops.bf16).toBe(312e12);
    expect(a100.memory[0]!.capacityBytes).toBe(80e9);
    expect(a100.memory[0]!.bandwidthBytesPerS).toBe(2039e9);
    for (const d of catalog.devices.values()) {
      for (const v of Object.values(d.peakFlops)) expect(v).toBeGreaterThan(0);
      for (const m of d.memory) {
        expect(m.capacityBytes).toBeGreaterThan(0);
        expect(m.bandwidthBytesPerS).toBeGreaterThan(0);
      }
    }
    for (const l of catalog.links.values()) {
      expect(l.bandwidthBytesPerS).toBeGreaterThan(0);
      expect(l.latencyS).toBeGreaterThan(0);
      expect(l.latencyS).toBeLessThan(1e-3);
    }
  });

  it('derives FPGA peak rates from DSP slices, clock and MACs per DSP', () => {
    const u280 = findDevice(catalog, 'alveo-u280');
    const f = u280.fpga!;
    expect(u280.peakFlops.int8).toBeCloseTo(2 * f.dspSlices * f.dspClockHz * f.macsPerDspPerCycle.int8!, -6);
  });

  it('shows SoC rates through one processor and keeps the others', () => {
    const sd = findDevice(catalog, 'snapdragon-8-gen3');
    expect(sd.kind).toBe('soc');
    expect(Object.keys(sd.processors ?? {})).toEqual(expect.arrayContaining(['cpu', 'gpu', 'npu']));
    expect(sd.memory.some((m) => m.tier === 'flash')).toBe(true);
  });

  it('commits the schemas the code generates (run `npm run schemas` after editing schema.ts)', () => {
    for (const [name, text] of Object.entries(schemaFiles())) {
      expect(readFileSync(new URL(`../hw-specs/schemas/${name}`, import.meta.url), 'utf8'), name).toBe(text);
    }
  });

  it('points every descriptor at its schema', () => {
    for (const folder of ['devices', 'links', 'systems']) {
      const kind = folder === 'devices' ? 'device' : folder.slice(0, -1);
      for (const f of readdirSync(new URL(`../hw-specs/${folder}/`, import.meta.url))) {
        const json = JSON.parse(readFileSync(new URL(`../hw-specs/${folder}/${f}`, import.meta.url), 'utf8')) as {
          $schema?: string;
        };
        expect(json.$schema, f).toBe(`../schemas/${kind}.schema.json`);
      }
    }
  });
});

describe('--hw resolution', () => {
  it('resolves a system file: a100x8 is one node of 8 A100s on NVLink 3', () => {
    const c = resolveHardware('a100x8', catalog);
    expect(c.totalDevices).toBe(8);
    expect(c.groups).toHaveLength(1);
    expect(c.groups[0]!.device.id).toBe('a100-80gb-sxm');
    expect(c.groups[0]!.scaleUp?.id).toBe('nvlink3');
  });

  it('resolves the multi-node systems with their NICs', () => {
    expect(resolveHardware('a100x64', catalog).groups[0]).toMatchObject({ nodes: 8, devicesPerNode: 8 });
    expect(resolveHardware('a100x64', catalog).groups[0]!.nics[0]!.link.id).toBe('ib-hdr-200');
    expect(resolveHardware('h100x64', catalog).groups[0]!.nics[0]!.link.id).toBe('ib-ndr-400');
    expect(resolveHardware('h100x1024', catalog).totalDevices).toBe(1024);
  });

  it('resolves a mixed-NIC system whose groups talk over the inter-group link', () => {
    const c = resolveHardware('a100-mixed-nic-96', catalog);
    expect(c.groups.map((g) => g.nics[0]!.link.type)).toEqual(['infiniband', 'roce', 'ethernet']);
    expect(linkBetweenGroups(c, c.groups[0]!, c.groups[1]!)?.id).toBe(c.interGroup!.link.id);
    const two = resolveHardware('h100-two-clusters-eth', catalog);
    expect(linkBetweenGroups(two, two.groups[0]!, two.groups[1]!)?.type).toBe('ethernet');
  });

  it('builds <device>x<N> inside one node up to the node size, with the default scale-up link', () => {
    const c = resolveHardware('h100-sxmx4', catalog);
    expect(c.groups[0]).toMatchObject({ nodes: 1, devicesPerNode: 4 });
    expect(c.groups[0]!.scaleUp?.id).toBe('nvlink4');
    expect(resolveHardware('h100x2', catalog).groups[0]!.device.id).toBe('h100-sxm');
  });

  it('builds <device>x<N> beyond one node from whole nodes joined by the default NIC, and says so', () => {
    const c = resolveHardware('h100-sxmx32', catalog);
    expect(c.groups[0]).toMatchObject({ nodes: 4, devicesPerNode: 8 });
    expect(c.groups[0]!.nics[0]!.link.id).toBe('ib-ndr-400');
    expect(c.origin.join(' ')).toContain('device default NIC');
  });

  it('refuses a device count that does not fill whole nodes', () => {
    expect(() => resolveHardware('h100-sxmx12', catalog)).toThrow(/do not fill whole nodes of 8/);
  });

  it('treats a device id ending in x as a device, not a count', () => {
    const c = resolveHardware('mi300x', catalog);
    expect(c.totalDevices).toBe(1);
    expect(resolveHardware('mi300xx8', catalog).totalDevices).toBe(8);
  });

  it('suggests the closest names for an unknown --hw', () => {
    expect(() => resolveHardware('a1000x8', catalog)).toThrow(InputError);
    try {
      resolveHardware('h10x8', catalog);
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toMatch(/unknown hardware "h10x8"; did you mean .*h100/);
    }
  });
});

describe('llmsim hw list / show', () => {
  it('lists devices, links and systems', async () => {
    const r = await runCli('hw', 'list');
    expect(r.code).toBe(0);
    for (const s of ['a100-80gb-sxm', 'alveo-u280', 'ib-ndr-400', 'h100x1024', 'Devices', 'Links', 'Systems'])
      expect(r.out).toContain(s);
  });

  it('prints a device in SI units with --json', async () => {
    const r = await runCli('hw', 'show', 'h100-sxm', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as {
      device: {
        id: string;
        peakFlops: { bf16: number };
        memory: { bandwidthBytesPerS: number; capacityBytes: number }[];
        provenance: Record<string, string>;
      };
    };
    expect(j.device.id).toBe('h100-sxm');
    expect(j.device.peakFlops.bf16).toBeGreaterThan(9e14);
    expect(j.device.peakFlops.bf16).toBeLessThan(1e15);
    expect(j.device.memory[0]!.capacityBytes).toBe(80e9);
    expect(j.device.memory[0]!.bandwidthBytesPerS).toBe(3.35e12);
    expect(j.device.provenance['/memory/0/bandwidth']).toBeDefined();
  });

  it('shows links, systems and <device>x<N> as text', async () => {
    expect((await runCli('hw', 'show', 'nvlink4')).out).toContain('per direction');
    expect((await runCli('hw', 'show', 'a100x64')).out).toContain('ib-hdr-200');
    expect((await runCli('hw', 'show', 'h100-sxmx16')).out).toContain('2 node(s)');
  });

  it('exits 2 with "did you mean" for an unknown id', async () => {
    const r = await runCli('hw', 'show', 'h100-sxn');
    expect(r.code).toBe(2);
    expect(r.err).toContain('did you mean');
    expect(r.err).toContain('h100-sxm');
  });
});
