// parseQuantity reads plain quantities ("312 TFLOP/s") without mathjs, which takes ~1 s to load:
// its answers must be mathjs's to the bit, for every string; the shipped descriptors must not need mathjs.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { QUANTITY_FORMATS, type QuantityFormat } from '../src/hardware/schema.js';
import { parseQuantity, parseQuantityWithMathjs, plainValue } from '../src/hardware/units.js';

const FORMATS = Object.keys(QUANTITY_FORMATS) as QuantityFormat[];

/** The same answer, numbers compared bit for bit. */
function expectSame(text: string, format: QuantityFormat): void {
  const fast = parseQuantity(text, format);
  const slow = parseQuantityWithMathjs(text, format);
  expect(fast.ok, `${format} ${JSON.stringify(text)}`).toBe(slow.ok);
  if (fast.ok && slow.ok) expect(Object.is(fast.value, slow.value), `${format} ${JSON.stringify(text)}`).toBe(true);
  else expect(fast).toEqual(slow);
}

const PREFIXES = ['', 'da', 'h', 'k', 'K', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y', 'm', 'u', 'n', 'p', 'f', 'c', 'd'];
const BINARY = ['Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'Zi', 'ki', 'KI'];
const UNITS = [
  'FLOP',
  'FLOPs',
  'OP',
  'OPs',
  'B',
  'b',
  's',
  'W',
  'Hz',
  'hz',
  'bits',
  'bytes',
  'min',
  'h',
  'Flop',
  'ops',
];
const NUMBERS = [
  '1', '2039', '312', '0.5', '.5', '5.', '3.35', '1e3', '1E3', '2.5e-3', '1e+2', '+7', '0', '0.0', '-1', '-0',
  '1e400', '1e-400', '123456789.123456789', '0.1', '0.3', '1.41', '7e', '00012', '1.5.5', '',
]; // prettier-ignore

describe('plain quantities without mathjs', () => {
  it('read every prefix and unit exactly as mathjs does (values to the bit, the same errors)', () => {
    let fast = 0;
    for (const format of FORMATS) {
      for (const unit of UNITS) {
        for (const prefix of [...PREFIXES, ...BINARY]) {
          for (const per of ['', '/s', ' / s', '/ms', '/h', 's']) {
            const text = `3.35 ${prefix}${unit}${per}`;
            expectSame(text, format);
            if (plainValue(text, format) !== undefined) fast++;
          }
        }
      }
    }
    expect(fast).toBeGreaterThan(150);
  });

  it('read every number and spacing exactly as mathjs does', () => {
    let fast = 0;
    for (const [format, unit] of [
      ['flops', 'TFLOP/s'],
      ['bandwidth', 'Gb/s'],
      ['bytes', 'MiB'],
      ['time', 'us'],
      ['power', 'kW'],
      ['frequency', 'MHz'],
    ] as const) {
      // prettier-ignore
      for (const number of NUMBERS) {
        for (const space of [' ', '', '\t', '  ']) {
          const text = `${number}${space}${unit}`;
          expectSame(text, format);
          if (plainValue(text, format) !== undefined) fast++;
        }
      }
    }
    for (let i = 0; i < 2000; i++) {
      // random decimals and exponents (a fixed seed: the same strings every run)
      const x = Math.sin(i * 12.9898) * 43758.5453;
      const text = `${(x - Math.floor(x)) * 10 ** ((i % 31) - 15)} ${['T', 'G', 'M', 'Ki', ''][i % 5]}B/s`;
      expectSame(text, 'bandwidth');
      if (plainValue(text, 'bandwidth') !== undefined) fast++;
    }
    expect(fast).toBeGreaterThan(2100);
  });

  it('leave anything else to mathjs', () => {
    const odd = ['1 hp', '3 kW h / h', '2 (GB/s)', 'GB/s', '80 GB ', ' 80 GB', '2^4 GB', '5 GB s', '1 µs', '1 GBps',
      '5 GB/s^1', '1.5 us*2', '4 kB/s/s', '1 B/ms', 'fast', '', '2039', '1 FLOP/s', '1 OP/ns', '8 bits/s']; // prettier-ignore
    for (const text of odd) for (const format of FORMATS) expectSame(text, format);
  });

  it('take every quantity of the shipped descriptors and suites (no mathjs loaded for them)', () => {
    const strings = new Set<string>();
    const walk = (v: unknown): void => {
      if (typeof v === 'string') strings.add(v);
      else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    for (const dir of ['devices', 'links', 'systems']) {
      for (const f of readdirSync(new URL(`../hw-specs/${dir}/`, import.meta.url))) {
        walk(JSON.parse(readFileSync(new URL(`../hw-specs/${dir}/${f}`, import.meta.url), 'utf8')));
      }
    }
    for (const f of readdirSync(new URL('../suites/', import.meta.url))) {
      walk(JSON.parse(readFileSync(new URL(`../suites/${f}`, import.meta.url), 'utf8')));
    }
    let quantities = 0;
    for (const text of strings) {
      for (const format of FORMATS) {
        const slow = parseQuantityWithMathjs(text, format);
        if (!slow.ok) continue;
        quantities++;
        const fast = plainValue(text.trim(), format);
        expect(fast, `${format} ${JSON.stringify(text)} needs mathjs (slow start); write it plainly`).toBe(slow.value);
      }
    }
    expect(quantities).toBeGreaterThan(50);
  });
});
