// CSV for spreadsheets: one row per op, plan, point or case; units in the column names; numbers
// plain (no thousands separators, '.' as the decimal point).
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

/** Column names a number may have: a unit suffix, or a count that needs none. */
const UNIT_OR_COUNT =
  /(_s|_ms|_per_s|_per_device|_gb_per_device|_B|_B_per_s|_FLOP_per_s|_flop_per_byte|_flop_per_s|_tokens|_bits|_fraction|_factor|^flops|^bytes|^collective_bytes)$|^(tp|ep|pp|dp|count|batch_per_replica|plan_batch_per_replica|max_batch|measured|predicted)$/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?(e[-+]?\d+)?$/;

/** Rows of a CSV without quoted fields (the numeric exports here have none). */
function rows(csv: string): string[][] {
  return csv
    .trimEnd()
    .split('\n')
    .map((l) => l.split(','));
}

describe('CSV exports', () => {
  for (const args of [
    ['roofline', '--model', 'llama-8b', '--hw', 'h100x8', '--tp', '2', '--csv'],
    ['plan', '--model', 'llama-8b', '--hw', 'h100x8', '--csv'],
    [
      'sweep',
      '--model',
      'llama-8b',
      '--hw',
      'h100x8',
      '--param',
      'hbm-bandwidth=1,2',
      '--param',
      'input=512,2048',
      '--csv',
    ],
  ]) {
    it(`${args[0]}: units in the column names, plain numbers`, async () => {
      const r = await runCli(...args);
      expect(r.code, r.err).toBe(0);
      const [header, ...body] = rows(r.out);
      expect(body.length).toBeGreaterThan(1);
      header!.forEach((name, i) => {
        const cells = body.map((b) => b[i]!).filter((c) => c !== '');
        if (!cells.length || !cells.every((c) => PLAIN_NUMBER.test(c))) return; // a text or empty column
        expect(name, `numeric column ${name}`).toMatch(UNIT_OR_COUNT);
      });
      // a thousands separator would split a number into two fields
      for (const b of body) expect(b.length).toBe(header!.length);
    });
  }

  it('validate: the unit of measured and predicted is in its own column (cases differ in unit)', async () => {
    const r = await runCli('validate', '--category', 'microbenchmark', '--csv');
    expect(r.code, r.err).toBe(0);
    const header = r.out.split('\n')[0]!.split(',');
    expect(header.slice(0, 7)).toEqual(['id', 'category', 'metric', 'unit', 'measured', 'predicted', 'error_fraction']);
  });
});
