// `llmsim hw validate`: every shipped file passes; each broken fixture fails with exit 2 and a
// message that names the file, the JSON path, the line and what was expected.
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

const fixture = (name: string) => `tests/fixtures/hw/${name}.json`;

describe('llmsim hw validate', () => {
  it('passes on every shipped descriptor', async () => {
    const r = await runCli('hw', 'validate');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ok: \d+ descriptor file\(s\) valid/);
  });

  it('passes on a valid file given by path', async () => {
    const r = await runCli('hw', 'validate', fixture('good-gpu'));
    expect(r.code).toBe(0);
  });

  const cases: [string, number, string, RegExp][] = [
    ['missing-memory', 1, '(top level)', /missing required field "memory"/],
    ['wrong-unit', 26, '/memory/0/bandwidth/value', /"2039 GB" is a size in bytes.*expected a bandwidth/],
    ['negative-bandwidth', 26, '/memory/0/bandwidth/value', /must be positive/],
    ['zero-bandwidth', 26, '/memory/0/bandwidth/value', /must be positive/],
    ['unknown-precision', 17, '/peakFlops/fp9', /unknown field "fp9".*allowed: fp64, fp32/],
    ['invalid-json', 8, '(top level)', /invalid JSON/],
    ['unknown-source', 15, '/peakFlops/fp16/source', /source "shet" is not a key of "sources"; did you mean "sheet"/],
    ['no-source', 13, '/peakFlops/fp16', /exactly one of "source".*or "estimate"/],
    ['unknown-link', 32, '/scaleUp/link', /unknown link "nvlink33"; did you mean "nvlink3"/],
    ['id-mismatch', 4, '/id', /must match the file name "id-mismatch.json"/],
    ['unknown-kind', 3, '/kind', /"kind" must be one of gpu, npu, fpga, cpu, soc/],
  ];
  for (const [name, line, path, message] of cases) {
    it(`fails on ${name} with file, line, path and what was expected`, async () => {
      const r = await runCli('hw', 'validate', fixture(name));
      expect(r.code).toBe(2);
      const lines = r.err.split('\n').filter((l) => l.includes(`${name}.json`));
      expect(lines.length).toBeGreaterThan(0);
      const hit = lines.find((l) => l.includes(`${fixture(name)}:${line}  ${path}:`));
      expect(hit, r.err).toBeDefined();
      expect(hit).toMatch(message);
    });
  }

  it('reports problems of several files in one run, and no problem in the shipped files', async () => {
    const r = await runCli('hw', 'validate', fixture('wrong-unit'), fixture('unknown-precision'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('wrong-unit.json');
    expect(r.err).toContain('unknown-precision.json');
    expect(r.err).not.toContain('hw-specs/');
  });

  it('prints problems as JSON with --json', async () => {
    const r = await runCli('hw', 'validate', '--json', fixture('wrong-unit'));
    expect(r.code).toBe(2);
    const parsed = JSON.parse(r.out) as { problems: { file: string; path: string; line: number; message: string }[] };
    expect(parsed.problems).toContainEqual(
      expect.objectContaining({ path: '/memory/0/bandwidth/value', line: 26, file: fixture('wrong-unit') }),
    );
  });

  it('fails on a file that does not exist', async () => {
    const r = await runCli('hw', 'validate', 'tests/fixtures/hw/nope.json');
    expect(r.code).toBe(2);
    expect(r.err).toContain('nope.json');
    expect(r.err).toContain('ENOENT');
  });
});
