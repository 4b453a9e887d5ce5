import { describe, expect, it } from 'vitest';
import { formatSi, parseQuantity } from '../src/hardware/units.js';

const value = (text: string, f: Parameters<typeof parseQuantity>[1]) => {
  const r = parseQuantity(text, f);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};

describe('unit parsing', () => {
  it('reads decimal prefixes as decimal and binary ones as binary', () => {
    expect(value('80 GB', 'bytes')).toBe(80e9);
    expect(value('80 GiB', 'bytes')).toBe(80 * 2 ** 30);
    expect(value('40 MB', 'bytes')).toBe(40e6);
    expect(value('48 MiB', 'bytes')).toBe(48 * 2 ** 20);
  });

  it('tells bits from bytes', () => {
    expect(value('200 Gb/s', 'bandwidth')).toBe(25e9);
    expect(value('200 GB/s', 'bandwidth')).toBe(200e9);
    expect(value('3.35 TB/s', 'bandwidth')).toBeCloseTo(3.35e12, 0);
  });

  it('parses compute rates, times, power and frequency to SI', () => {
    expect(value('312 TFLOP/s', 'flops')).toBe(312e12);
    expect(value('624 TOP/s', 'flops')).toBe(624e12);
    expect(value('1.5 us', 'time')).toBeCloseTo(1.5e-6, 15);
    expect(value('400 W', 'power')).toBe(400);
    expect(value('1410 MHz', 'frequency')).toBe(1.41e9);
  });

  it('rejects a quantity of the wrong kind and says what it is', () => {
    const r = parseQuantity('2039 GB', 'bandwidth');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toContain('size in bytes');
      expect(r.reason).toContain('expected a bandwidth');
    }
    expect(parseQuantity('312 TFLOP/s', 'bandwidth').ok).toBe(false);
    expect(parseQuantity('1410 MHz', 'flops').ok).toBe(false);
  });

  it('rejects zero, negative and unitless values', () => {
    expect(parseQuantity('0 GB/s', 'bandwidth').ok).toBe(false);
    expect(parseQuantity('-1 GB/s', 'bandwidth').ok).toBe(false);
    expect(parseQuantity('2039', 'bandwidth').ok).toBe(false);
    expect(parseQuantity('fast', 'bandwidth').ok).toBe(false);
    expect(parseQuantity('', 'bandwidth').ok).toBe(false);
  });

  it('formats SI values back with decimal prefixes', () => {
    expect(formatSi(312e12, 'FLOP/s')).toBe('312 TFLOP/s');
    expect(formatSi(2.039e12, 'B/s')).toBe('2.039 TB/s');
    expect(formatSi(1.5e-6, 's')).toBe('1.5 us');
  });
});
