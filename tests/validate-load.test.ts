// Loading case files: every problem names the file, the case, the JSON path and the line.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { InputProblem } from '../src/errors.js';
import { loadCaseFiles, shippedCaseFiles } from '../src/validation/load-cases.js';

const dir = 'tests/fixtures/validation';
const fx = (name: string) => `${dir}/${name}`;

/** 1-based line of the first occurrence of `text` in a fixture. */
function lineOf(name: string, text: string): number {
  const lines = readFileSync(fx(name), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(text));
  if (i < 0) throw new Error(`${text} not in ${name}`);
  return i + 1;
}

function only(problems: InputProblem[], path: string): InputProblem {
  const hits = problems.filter((p) => p.path === path);
  expect(hits, `${path} in ${JSON.stringify(problems, null, 1)}`).toHaveLength(1);
  return hits[0]!;
}

describe('loadCaseFiles', () => {
  it('loads a valid file with each case typed and its file recorded', () => {
    const { cases, problems } = loadCaseFiles([fx('good.json')]);
    expect(problems).toEqual([]);
    expect(cases.map((c) => c.id)).toEqual(['good-train-1', 'good-gemm-1']);
    expect(cases[0]!.file).toBe(fx('good.json'));
    expect(cases[0]!.plan).toEqual({ tp: 8, pp: 8, dp: 24, recompute: 'full' });
    expect(cases[1]!.workload).toMatchObject({ mode: 'gemm', m: 8192 });
  });

  it('reports invalid JSON with the file and the line', () => {
    const { cases, problems } = loadCaseFiles([fx('invalid-json.json')]);
    expect(cases).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: fx('invalid-json.json'), path: '' });
    expect(problems[0]!.line).toBe(lineOf('invalid-json.json', '}'));
    expect(problems[0]!.message).toContain('invalid JSON');
  });

  it('reports a missing field by case id, path and line, and still loads the good cases', () => {
    const { cases, problems } = loadCaseFiles([fx('bad-cases.json')]);
    expect(cases.map((c) => c.id)).toEqual(['still-loads']);
    const p = only(problems, '/cases/0/metric');
    expect(p.file).toBe(fx('bad-cases.json'));
    expect(p.message).toBe('case "no-metric": missing required field "metric"');
    // a missing field is located at its object
    expect(p.line).toBe(lineOf('bad-cases.json', '"id": "no-metric"') - 1);
  });

  it('reports a bad category with a suggestion', () => {
    const { problems } = loadCaseFiles([fx('bad-cases.json')]);
    const p = only(problems, '/cases/1/category');
    expect(p.line).toBe(lineOf('bad-cases.json', '"traning"'));
    expect(p.message).toMatch(/^case "bad-category": "category" "traning" is not allowed; did you mean "training"/);
  });

  it('reports a measured value that is not a positive number', () => {
    const { problems } = loadCaseFiles([fx('bad-cases.json')]);
    const p = only(problems, '/cases/2/measured');
    expect(p.line).toBe(lineOf('bad-cases.json', '"measured": -5'));
    expect(p.message).toBe('case "negative-measured": "measured" must be a positive number, got -5');
  });

  it('names a case without an id by its index', () => {
    const { problems } = loadCaseFiles([fx('bad-cases.json')]);
    const p = only(problems, '/cases/3/id');
    expect(p.message).toBe('case #3 (no id): missing required field "id"');
    expect(p.line).toBe(lineOf('bad-cases.json', '"workload": { "mode": "bandwidth" }') - 5);
  });

  it('rejects unknown fields, wrong units and out-of-set values in one case', () => {
    const { problems } = loadCaseFiles([fx('bad-cases.json')]);
    const mine = problems.filter((p) => p.path.startsWith('/cases/4/'));
    expect(mine.map((p) => p.path).sort()).toEqual(
      [
        '/cases/4/plna',
        '/cases/4/unit',
        '/cases/4/trust',
        '/cases/4/model/layers',
        '/cases/4/hardware/processor',
      ].sort(),
    );
    for (const p of mine) expect(p.message.startsWith('case "typo-and-unit": ')).toBe(true);
    expect(only(problems, '/cases/4/plna').message).toContain('did you mean "plan"?');
    expect(only(problems, '/cases/4/plna').line).toBe(lineOf('bad-cases.json', '"plna"'));
    expect(only(problems, '/cases/4/unit').message).toContain('the unit of decode_ms_per_token is "ms", got "s"');
  });

  it('reports an id used twice across files, naming where it was first', () => {
    const { cases, problems } = loadCaseFiles([fx('good.json'), fx('duplicate.json')]);
    expect(cases.map((c) => c.id)).toEqual(['good-train-1', 'good-gemm-1']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      file: fx('duplicate.json'),
      path: '/cases/0/id',
      line: lineOf('duplicate.json', '"id": "good-gemm-1"'),
    });
    expect(problems[0]!.message).toBe(
      `case "good-gemm-1": duplicate id (first at ${fx('good.json')}:${lineOf('good.json', '"id": "good-gemm-1"')})`,
    );
  });

  it('reads a file named twice once', () => {
    const { cases, problems } = loadCaseFiles([fx('good.json'), fx('good.json')]);
    expect(problems).toEqual([]);
    expect(cases).toHaveLength(2);
  });

  it('reports a file that is not a case file, and a missing file', () => {
    const { problems } = loadCaseFiles([fx('not-cases.json'), fx('no-such-file.json')]);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatchObject({ file: fx('not-cases.json'), path: '', line: 1 });
    expect(problems[0]!.message).toContain('claims file');
    expect(problems[1]).toMatchObject({ file: fx('no-such-file.json'), path: '' });
    expect(problems[1]!.message).toContain('ENOENT');
  });

  it('loads every shipped case without a problem', () => {
    const files = shippedCaseFiles();
    expect(files.some((f) => f.endsWith('claims.json'))).toBe(false);
    expect([...files].sort()).toEqual(files);
    const { cases, problems } = loadCaseFiles(files);
    expect(problems).toEqual([]);
    expect(cases.length).toBeGreaterThan(300);
  });
});
