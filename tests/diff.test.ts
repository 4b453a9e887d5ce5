// `llmsim diff`: a suite on two hw-specs trees (directories or git refs) and what the change moves.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_HW_DIR } from '../src/hardware/catalog.js';
import { loadSuite, DEFAULT_SUITE } from '../src/diff/suite.js';
import { MARKDOWN_MARKER, formatChange, formatValue } from '../src/reports/diff-report.js';
import { touchedHardware } from '../src/diff/touched-hardware.js';
import { catalog } from './helpers/graphs.js';
import { runCli } from './helpers/cli.js';

interface DiffJson {
  base: string;
  head: string;
  spec_changes: { added: string[]; removed: string[]; modified: string[] };
  summary: { scenarios: number; metrics_compared: number; metrics_changed: number; better: number; worse: number };
  changes: { scenario: string; metric: string; before: number; after: number; change_pct: number; verdict: string }[];
  scenarios: {
    id: string;
    hw: string;
    status: string;
    base: { status: string; reason?: string; values?: Record<string, number> };
    head: { status: string; reason?: string; values?: Record<string, number> };
  }[];
}

const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'llmsim-diff-test-'));
  temps.push(d);
  return d;
}

type Json = Record<string, unknown> & { memory: { capacity: { value: string }; bandwidth: { value: string } }[] };

/** Rewrites one descriptor of a hw-specs tree through a function of its JSON. */
function editDescriptor(specs: string, file: string, edit: (j: Json) => void): void {
  const path = join(specs, file);
  const j = JSON.parse(readFileSync(path, 'utf8')) as Json;
  edit(j);
  writeFileSync(path, JSON.stringify(j, null, 2) + '\n');
}

/** A copy of the shipped hw-specs (inside `root`/hw-specs), changed by `edit`. */
function specsCopy(root = tempDir(), edit: (dir: string) => void = () => undefined): string {
  const dir = join(root, 'hw-specs');
  cpSync(DEFAULT_HW_DIR, dir, { recursive: true });
  edit(dir);
  return dir;
}

const raiseH100Bandwidth = (dir: string) =>
  editDescriptor(dir, 'devices/h100-sxm.json', (j) => {
    expect(j.memory[0]!.bandwidth.value).toBe('3350 GB/s');
    j.memory[0]!.bandwidth.value = '5025 GB/s'; // +50 %
  });

/** A small suite: decode, serving, roofline and microbenchmarks on H100 and A100 systems. */
function smallSuite(extra: object[] = []): string {
  const file = join(tempDir(), 'suite.json');
  const suite = {
    scenarios: [
      {
        name: 'decode batch 64',
        kind: 'inference',
        model: 'llama-3.1-70b',
        hw: ['h100x8', 'a100x8'],
        input: 2048,
        output: 256,
        batch: 64,
        tp: 8,
        metrics: ['tpot_ms', 'output_tokens_per_s'],
      },
      {
        name: 'serving',
        kind: 'inference',
        model: 'llama-3.1-8b',
        hw: ['h100x8', 'a100x8'],
        metrics: ['output_tokens_per_s', 'tpot_ms'],
      },
      { name: 'roofline decode', kind: 'roofline', model: 'llama-3.1-8b', hw: ['h100x8', 'a100x8'], input: 4096 },
      { name: 'gemm 8192', kind: 'gemm', hw: ['h100-sxm', 'a100-80gb-sxm'], m: 8192, n: 8192, k: 8192 },
      { name: 'all-reduce', kind: 'collective', hw: ['h100x8', 'a100x8'], collective: 'all_reduce', bytes: '256 MiB' },
      ...extra,
    ],
  };
  writeFileSync(file, JSON.stringify(suite, null, 2));
  return file;
}

async function diffJson(...args: string[]): Promise<DiffJson> {
  const r = await runCli('diff', ...args, '--json');
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as DiffJson;
}

const onH100 = (hw: string) => hw.startsWith('h100');
const change = (j: DiffJson, scenario: string, metric: string) =>
  j.changes.find((c) => c.scenario === scenario && c.metric === metric);

/** The same moves wherever the +50 % H100 bandwidth comes from (a directory or a git ref). */
function expectH100BandwidthMoves(j: DiffJson): void {
  expect(j.spec_changes.modified).toEqual(['devices/h100-sxm.json']);
  // decode is memory-bound: faster, but by less than the 1/1.5 of the bandwidth alone
  const tpot = change(j, 'llama-3.1-70b @ h100x8 · decode batch 64', 'tpot_ms');
  expect(tpot?.verdict).toBe('better');
  expect(tpot!.change_pct).toBeLessThan(-10);
  expect(tpot!.change_pct).toBeGreaterThan(-33.34);
  expect(change(j, 'llama-3.1-70b @ h100x8 · decode batch 64', 'output_tokens_per_s')!.change_pct).toBeGreaterThan(10);
  // at the roof, batch-1 decode is all memory traffic: exactly 1/1.5 of the time
  expect(change(j, 'llama-3.1-8b @ h100x8 · roofline decode', 'roof_time_ms')!.change_pct).toBeCloseTo(-100 / 3, 1);
  expect(change(j, 'llama-3.1-8b @ h100x8 · serving', 'output_tokens_per_s')!.change_pct).toBeGreaterThan(5);
  // nothing on other hardware moves, nor what bandwidth does not bound
  for (const s of j.scenarios) {
    if (!onH100(s.hw)) expect(s.status, s.id).toBe('same');
  }
  for (const c of j.changes)
    expect(onH100(c.scenario.split(' @ ').pop()!) || c.scenario.startsWith('h100'), c.scenario).toBe(true);
  expect(j.scenarios.find((s) => s.id === 'h100-sxm · gemm 8192')!.status).toBe('same');
  expect(j.scenarios.find((s) => s.id === 'h100x8 · all-reduce')!.status).toBe('same');
  expect(j.summary.worse).toBe(0);
  // largest first
  const sizes = j.changes.map((c) => Math.abs(c.change_pct));
  expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
}

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd: repo,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const leftoverTemps = () => readdirSync(tmpdir()).filter((f) => f.startsWith('llmsim-diff-') && !f.includes('test'));

describe('llmsim diff on directories', () => {
  it('+50 % HBM bandwidth on H100 moves decode on H100 by a plausible amount and nothing else', async () => {
    const head = specsCopy(undefined, raiseH100Bandwidth);
    expectH100BandwidthMoves(await diffJson('--base', DEFAULT_HW_DIR, '--head', head, '--suite', smallSuite()));
  });

  it('training scenarios: +50 % bf16 peak on H100 shortens the H100 training step, not the A100 one', async () => {
    const head = specsCopy(undefined, (dir) =>
      editDescriptor(dir, 'devices/h100-sxm.json', (j) => {
        const bf16 = (j as unknown as { peakFlops: Record<string, { value: string }> }).peakFlops.bf16!;
        bf16.value = `${Number.parseFloat(bf16.value) * 1.5} TFLOP/s`;
      }),
    );
    const train = {
      name: 'train',
      kind: 'train',
      model: 'llama-3.1-8b',
      hw: ['h100x8', 'a100x8'],
      seqLen: 4096,
      globalBatch: 64,
      metrics: ['step_s', 'mfu'],
    };
    const j = await diffJson('--base', DEFAULT_HW_DIR, '--head', head, '--suite', smallSuite([train]));
    const step = j.changes.find((c) => c.scenario === 'llama-3.1-8b @ h100x8 · train' && c.metric === 'step_s')!;
    // compute-bound: faster, by less than the 1/1.5 of the peak alone (memory-bound ops stay)
    expect(step.change_pct).toBeLessThan(-10);
    expect(step.change_pct).toBeGreaterThan(-33.4);
    expect(j.scenarios.find((s) => s.id === 'llama-3.1-8b @ a100x8 · train')!.status).toBe('same');
  });

  it('identical base and head: nothing moves, with the default suite', async () => {
    const head = specsCopy();
    const started = performance.now();
    const j = await diffJson('--base', DEFAULT_HW_DIR, '--head', dirname(head));
    const seconds = (performance.now() - started) / 1e3;
    // "@changed" entries expand to nothing when nothing changed
    expect(j.summary.scenarios).toBe(loadSuite().scenarios.filter((s) => s.hw.value !== '@changed').length);
    expect(j.summary.scenarios).toBeGreaterThan(50);
    expect(j.summary.metrics_changed).toBe(0);
    expect(j.summary.metrics_compared).toBeGreaterThan(100);
    expect(j.changes).toEqual([]);
    expect(new Set(j.scenarios.map((s) => s.status))).toEqual(new Set(['same']));
    expect(j.spec_changes).toEqual({ added: [], removed: [], modified: [] });
    // "a few seconds": generous for a loaded 2-core CI machine
    expect(seconds).toBeLessThan(20);
  });

  it('hardware on one side only is added or removed; a scenario that no longer fits says why', async () => {
    const head = specsCopy(undefined, (dir) => {
      rmSync(join(dir, 'systems/h100-two-clusters-eth.json'));
      const sys = JSON.parse(readFileSync(join(dir, 'systems/h100x8.json'), 'utf8')) as { id: string };
      sys.id = 'h100x8-new';
      writeFileSync(join(dir, 'systems/h100x8-new.json'), JSON.stringify(sys));
      editDescriptor(dir, 'devices/h100-sxm.json', (j) => void (j.memory[0]!.capacity.value = '40 GB'));
    });
    const suite = smallSuite([
      { name: 'fit', kind: 'inference', model: 'llama-3.1-70b', hw: 'h100-sxmx2', batch: 1, metrics: ['tpot_ms'] },
      {
        name: 'big',
        kind: 'collective',
        hw: ['h100-two-clusters-eth', 'h100x8-new'],
        collective: 'all_reduce',
        bytes: 1e6,
      },
    ]);
    const j = await diffJson('--base', DEFAULT_HW_DIR, '--head', head, '--suite', suite);
    const by = (id: string) => j.scenarios.find((s) => s.id === id)!;
    expect(by('h100-two-clusters-eth · big').status).toBe('removed');
    expect(by('h100-two-clusters-eth · big').head.reason).toMatch(/no hardware "h100-two-clusters-eth"/);
    expect(by('h100x8-new · big').status).toBe('added');
    expect(by('h100x8-new · big').head.values!.busbw_gbps).toBeGreaterThan(0);
    const fit = by('llama-3.1-70b @ h100-sxmx2 · fit');
    expect(fit.status).toBe('now-fails');
    expect(fit.base.status).toBe('ok');
    expect(fit.head.reason).toMatch(/does not fit.*GB/);
    expect(j.spec_changes).toEqual({
      added: ['systems/h100x8-new.json'],
      removed: ['systems/h100-two-clusters-eth.json'],
      modified: ['devices/h100-sxm.json'],
    });
    const text = await runCli('diff', '--base', DEFAULT_HW_DIR, '--head', head, '--suite', suite);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/h100-two-clusters-eth · big\s+removed \(hardware only in base\)/);
    expect(text.out).toMatch(/1 added, 1 removed, 1 now-fails/);
  });

  it('"@changed" runs an entry on the hardware the change adds or edits, once per device', async () => {
    const head = specsCopy(undefined, (dir) => {
      raiseH100Bandwidth(dir);
      const j = JSON.parse(readFileSync(join(dir, 'devices/h100-sxm.json'), 'utf8')) as Json;
      Object.assign(j, { id: 'h100-hbm4', name: 'H100 with HBM4 (hypothetical)', aliases: [] });
      j.memory[0]!.bandwidth.value = '8 TB/s';
      writeFileSync(join(dir, 'devices/h100-hbm4.json'), JSON.stringify(j, null, 2));
    });
    const file = join(tempDir(), 'changed.json');
    const decode = { kind: 'inference', model: 'llama-3.1-70b', input: 2048, batch: 64, tp: 8, metrics: ['tpot_ms'] };
    writeFileSync(
      file,
      JSON.stringify({
        scenarios: [
          { name: 'decode', hw: ['h100x8', 'a100x8', '@changed'], ...decode },
          { name: 'gemm', kind: 'gemm', hw: ['h100-sxm', '@changed'], m: 4096, n: 4096, k: 4096 },
        ],
      }),
    );
    const j = await diffJson('--base', DEFAULT_HW_DIR, '--head', head, '--suite', file);
    expect(j.spec_changes.added).toEqual(['devices/h100-hbm4.json']);
    expect(j.scenarios.map((s) => `${s.id}: ${s.status}`)).toEqual([
      'llama-3.1-70b @ h100x8 · decode: changed',
      'llama-3.1-70b @ a100x8 · decode: same',
      // h100-sxmx8 is h100x8, already listed
      'llama-3.1-70b @ h100-hbm4x8 · decode: added',
      'h100-sxm · gemm: same',
      'h100-hbm4 · gemm: added',
    ]);
    const tpot = (id: string) => j.scenarios.find((s) => s.id === id)!.head.values!.tpot_ms!;
    expect(tpot('llama-3.1-70b @ h100-hbm4x8 · decode')).toBeLessThan(tpot('llama-3.1-70b @ h100x8 · decode'));
  });

  it('--threshold hides smaller moves; the count of unchanged metrics says how many', async () => {
    const head = specsCopy(undefined, raiseH100Bandwidth);
    const suite = smallSuite();
    const all = await diffJson('--base', DEFAULT_HW_DIR, '--head', head, '--suite', suite);
    const big = await diffJson('--base', DEFAULT_HW_DIR, '--head', head, '--suite', suite, '--threshold', '20');
    expect(big.changes.length).toBeLessThan(all.changes.length);
    expect(big.changes.every((c) => Math.abs(c.change_pct) > 20)).toBe(true);
    expect(big.summary.metrics_compared).toBe(all.summary.metrics_compared);
  });
});

describe('llmsim diff on git refs', () => {
  it('reads a ref without touching the working tree, and removes its temporary copy', async () => {
    const repo = tempDir();
    specsCopy(repo);
    git(repo, 'init', '-q');
    git(repo, 'add', 'hw-specs');
    git(repo, 'commit', '-qm', 'shipped');
    raiseH100Bandwidth(join(repo, 'hw-specs'));
    git(repo, 'commit', '-qam', 'h100 +50 % bandwidth');
    // an uncommitted edit on top: the working tree is the default head
    editDescriptor(join(repo, 'hw-specs'), 'devices/a100-80gb-sxm.json', (j) => {
      j.memory[0]!.bandwidth.value = '4000 GB/s';
    });
    const before = leftoverTemps();
    const suite = smallSuite();

    const committed = await diffJson('--repo', repo, '--base', 'HEAD~1', '--head', 'HEAD', '--suite', suite);
    expect(committed.base).toMatch(/^HEAD~1 \([0-9a-f]{10}\)$/);
    expectH100BandwidthMoves(committed);

    const working = await diffJson('--repo', repo, '--base', 'HEAD', '--suite', suite);
    expect(working.spec_changes.modified).toEqual(['devices/a100-80gb-sxm.json']);
    expect(working.changes.length).toBeGreaterThan(0);
    for (const c of working.changes) expect(c.scenario, c.scenario).toMatch(/a100/);

    expect(git(repo, 'status', '--porcelain')).toBe(' M hw-specs/devices/a100-80gb-sxm.json\n');
    expect(leftoverTemps()).toEqual(before);
  });

  it('a ref that does not exist is bad input naming it (exit 2)', async () => {
    const repo = tempDir();
    specsCopy(repo);
    git(repo, 'init', '-q');
    git(repo, 'add', 'hw-specs');
    git(repo, 'commit', '-qm', 'shipped');
    const r = await runCli('diff', '--repo', repo, '--base', 'no-such-branch', '--suite', smallSuite());
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--base "no-such-branch": no such directory, and no git ref "no-such-branch"/);
    const empty = await runCli('diff', '--repo', repo, '--base', 'HEAD', '--head', tempDir(), '--suite', smallSuite());
    expect(empty.code).toBe(2);
    expect(empty.err).toMatch(/--head: .* holds no hardware descriptors/);
  });

  it("a broken descriptor in the ref is reported as the ref's file", async () => {
    const repo = tempDir();
    specsCopy(repo, (dir) => writeFileSync(join(dir, 'devices/h100-sxm.json'), '{ "kind": "gpu", '));
    git(repo, 'init', '-q');
    git(repo, 'add', 'hw-specs');
    git(repo, 'commit', '-qm', 'broken');
    const r = await runCli('diff', '--repo', repo, '--base', 'HEAD', '--head', DEFAULT_HW_DIR, '--suite', smallSuite());
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--base: hardware descriptors in HEAD:hw-specs are invalid/);
    expect(r.err).toMatch(/HEAD:hw-specs\/devices\/h100-sxm\.json:1/);
    expect(r.err).not.toMatch(/llmsim-diff-[^t]/);
  });
});

describe('suite files', () => {
  it('the shipped suite expands models × hardware into uniquely named scenarios of every kind', () => {
    const suite = loadSuite(DEFAULT_SUITE);
    const ids = suite.scenarios.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(suite.scenarios.map((s) => s.kind))).toEqual(
      new Set(['inference', 'train', 'roofline', 'gemm', 'collective']),
    );
    expect(ids).toContain('llama-3.1-70b @ h100x8 · decode batch 1');
    expect(ids).toContain('mixtral-8x7b @ a100x8 · serving 1024/256');
  });

  async function badSuite(suite: unknown): Promise<string> {
    const file = join(tempDir(), 'bad.json');
    writeFileSync(file, JSON.stringify(suite, null, 2));
    const r = await runCli('diff', '--base', DEFAULT_HW_DIR, '--head', DEFAULT_HW_DIR, '--suite', file);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`suite ${file} is invalid`);
    return r.err;
  }

  it('unknown keys, kinds, models and metrics are located and get the closest known name', async () => {
    const err = await badSuite({
      scenarios: [
        { name: 'a', kind: 'inference', model: 'llama-3.1-7b', hw: 'h100x8', metrcs: ['tpot_ms'] },
        { name: 'b', kind: 'inferance', hw: 'h100x8' },
        { name: 'c', kind: 'gemm', hw: 'h100-sxm', m: 1, n: 1, k: 0, metrics: ['gemm_tflop'] },
        { name: 'd', kind: 'collective', hw: 'h100x8', collective: 'all_reduce', bytes: '3 GHz' },
      ],
    });
    expect(err).toMatch(
      /bad\.json:\d+ {2}\/scenarios\/0\/metrcs: scenario "a": unknown field "metrcs"; did you mean "metrics"\?/,
    );
    expect(err).toMatch(
      /\/scenarios\/0\/model: scenario "a": unknown model "llama-3.1-7b"; did you mean .*llama-3.1-70b/,
    );
    expect(err).toMatch(/\/scenarios\/1\/kind: .*"inferance" is not allowed; did you mean "inference"\?/);
    expect(err).toMatch(/\/scenarios\/2\/k: .*must be a positive integer, got 0/);
    expect(err).toMatch(/\/scenarios\/2\/metrics\/0: .*unknown gemm metric "gemm_tflop"; did you mean "gemm_tflops"/);
    expect(err).toMatch(/\/scenarios\/3\/bytes: scenario "d": "3 GHz" is a frequency; expected a size in bytes/);
  });

  it('a malformed file, duplicate scenarios and hardware neither side has are bad input', async () => {
    const bad = join(tempDir(), 'broken.json');
    writeFileSync(bad, '{ "scenarios": [ }');
    const r = await runCli('diff', '--base', DEFAULT_HW_DIR, '--suite', bad);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/broken\.json:1 .*invalid JSON/);
    const dup = await badSuite({
      scenarios: [
        { name: 'x', kind: 'gemm', hw: 'h100-sxm', m: 8, n: 8, k: 8 },
        { name: 'x', kind: 'gemm', hw: ['b200', 'h100-sxm'], m: 8, n: 8, k: 8 },
      ],
    });
    expect(dup).toMatch(/\/scenarios\/1\/name: scenario "h100-sxm · x" repeats scenario #0's/);
    const file = join(tempDir(), 'typo.json');
    writeFileSync(
      file,
      JSON.stringify({ scenarios: [{ name: 'y', kind: 'gemm', hw: 'h100x8-nw', m: 8, n: 8, k: 8 }] }),
    );
    const typo = await runCli('diff', '--base', DEFAULT_HW_DIR, '--head', DEFAULT_HW_DIR, '--suite', file);
    expect(typo.code).toBe(2);
    expect(typo.err).toMatch(/typo\.json:1 {2}\/scenarios\/0\/hw: hardware "h100x8-nw" is in neither .*; did you mean/);
  });
});

describe('diff output', () => {
  it('--markdown: a summary line and a GitHub table, largest move first', async () => {
    const head = specsCopy(undefined, raiseH100Bandwidth);
    const r = await runCli('diff', '--base', DEFAULT_HW_DIR, '--head', head, '--suite', smallSuite(), '--markdown');
    expect(r.code, r.err).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe(MARKDOWN_MARKER);
    expect(lines[1]).toMatch(
      /^\*\*llmsim diff\*\* `.*` → `.*hw-specs`: 10 scenarios; \d+ of 16 metrics changed \(\d+ better, 0 worse\); largest move: `attainable_tflops` of llama-3.1-8b @ h100x8 · roofline decode \+50\.0 %$/,
    );
    expect(r.out).toContain('| scenario | metric | before | after | change |\n| --- | --- | ---: | ---: | ---: |');
    const rows = lines.filter((l) => l.startsWith('| llama'));
    expect(rows[0]).toMatch(
      /^\| llama-3.1-8b @ h100x8 · roofline decode \| `attainable_tflops` \| [\d.]+ \| [\d.]+ \| \+50\.0 % ✅ \|$/,
    );
    expect(r.out).toMatch(/\d+ metrics unchanged\./);
    expect(r.out).not.toMatch(/a100x8 ·.*\|/);
  });

  it('--csv writes one row per scenario and metric with plain numbers; text is the default', async () => {
    const head = specsCopy(undefined, raiseH100Bandwidth);
    const csv = join(tempDir(), 'diff.csv');
    const r = await runCli('diff', '--base', DEFAULT_HW_DIR, '--head', head, '--suite', smallSuite(), '--csv', csv);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(
      /^llmsim diff: base .* → head .*\nhw-specs: modified devices\/h100-sxm\.json; hardware touched: h100-sxmx8\n/,
    );
    expect(r.out).toMatch(/scenario\s+metric\s+before\s+after\s+change/);
    expect(r.out).toContain(`wrote ${csv}`);
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines[0]).toBe(
      'scenario,kind,hw,metric,before,after,change_pct,status,verdict,base_plan,head_plan,base_reason,head_reason',
    );
    expect(lines).toHaveLength(1 + 16);
    const tpot = lines.find((l) => l.startsWith('llama-3.1-70b @ h100x8 · decode batch 64,inference,h100x8,tpot_ms,'));
    expect(tpot).toMatch(/,tpot_ms,[\d.]+,[\d.]+,-[\d.]+,changed,better,/);
    expect(lines.find((l) => l.startsWith('h100-sxm · gemm 8192,'))).toMatch(/,gemm_tflops,([\d.]+),\1,0,unchanged,,/);
    expect(existsSync(csv)).toBe(true);
  });
});

describe('diff building blocks', () => {
  it('a changed link touches the systems and the devices that use it', () => {
    const touched = touchedHardware({ added: [], removed: [], modified: ['links/nvlink4.json'] }, catalog, catalog);
    expect(touched.map((t) => t.hw)).toEqual([
      'h100-sxmx8',
      'h100-two-clusters-eth',
      'h100x1024',
      'h100x64',
      'h100x8',
      'h200-sxmx8',
      'h200x8',
      'mixed-gpu-a100-h100',
    ]);
    expect(touched.find((t) => t.hw === 'h200-sxmx8')?.device).toBe('h200-sxm');
  });

  it('numbers for people: 4 significant digits, signed changes, no thousands separators', () => {
    expect(formatValue(44838.4)).toBe('44838');
    expect(formatValue(4.64512)).toBe('4.645');
    expect(formatChange(-33.3333)).toBe('−33.3 %');
    expect(formatChange(50)).toBe('+50.0 %');
    expect(formatChange(0.01234)).toBe('+0.012 %');
    expect(formatChange(null)).toBe('new (was 0)');
  });
});
