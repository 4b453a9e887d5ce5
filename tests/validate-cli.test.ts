// `llmsim validate` wiring (files, --category, --json, --csv, exit codes) with a fake predictor,
// so these tests do not move when the model's numbers do.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runCli } from './helpers/cli.js';

vi.mock('../src/validation/predict.js', () => ({
  predictCase: (c: { measured: number; category: string }) =>
    c.category === 'training' ? { unpredicted: 'fake: no training model' } : { predicted: c.measured * 1.1 },
}));

const fx = (name: string) => `tests/fixtures/validation/${name}`;
const tmp = mkdtempSync(join(tmpdir(), 'llmsim-validate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('llmsim validate', () => {
  it('validates the given files and prints the tables', async () => {
    const r = await runCli('validate', fx('good.json'));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^good-gemm-1 +microbenchmark +gemm_tflops +TFLOP\/s +750 +825 +10$/m);
    expect(r.out).toContain('fake: no training model');
  });

  it('filters by --category and rejects an unknown one with a suggestion', async () => {
    const r = await runCli('validate', fx('good.json'), '--category', 'microbenchmark', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { cases: { id: string }[]; summary: { overall: { n: number } } };
    expect(j.cases.map((c) => c.id)).toEqual(['good-gemm-1']);
    expect(j.summary.overall.n).toBe(1);
    const bad = await runCli('validate', '--category', 'trainig');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("unknown category 'trainig'; did you mean training?");
  });

  it('runs the valid cases, prints the problems and exits 2 when a file has problems', async () => {
    const r = await runCli('validate', fx('good.json'), fx('bad-cases.json'), '--json');
    expect(r.code).toBe(2);
    const j = JSON.parse(r.out) as { cases: { id: string }[]; problems: { path: string }[] };
    expect(j.cases.map((c) => c.id)).toEqual(['good-train-1', 'good-gemm-1', 'still-loads']);
    expect(j.problems.length).toBeGreaterThan(0);
    expect(r.err).toMatch(/bad-cases\.json:\d+ {2}\/cases\/2\/measured: case "negative-measured"/);
    expect(r.err).toContain('the 3 valid case(s) ran');
  });

  it('writes --csv to a file', async () => {
    const out = join(tmp, 'v.csv');
    const r = await runCli('validate', fx('good.json'), '--csv', out);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`wrote ${out}`);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]!.startsWith('id,category,metric,unit,measured,predicted,error_fraction')).toBe(true);
  });
});
