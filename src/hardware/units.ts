// Unit strings at the edges ("2039 GB/s", "312 TFLOP/s", "80 GiB", "1.5 us") to SI numbers inside.
// mathjs does the parsing: decimal prefixes are decimal (GB = 1e9 B), binary ones are spelled GiB,
// "b" is a bit and "B" a byte. FLOP and OP are added as their own dimension.
import { create, all, type Unit } from 'mathjs';
import { QUANTITY_FORMATS, type QuantityFormat } from './schema.js';

const math = create(all!, {});
math.createUnit('FLOP', { prefixes: 'short', aliases: ['FLOPs'] });
math.createUnit('OP', { definition: '1 FLOP', prefixes: 'short', aliases: ['OPs'] });

const reference: Record<QuantityFormat, Unit> = Object.fromEntries(
  Object.entries(QUANTITY_FORMATS).map(([k, f]) => [k, math.unit(`1 ${f.si}`)]),
) as Record<QuantityFormat, Unit>;

export type ParsedQuantity = { ok: true; value: number } | { ok: false; reason: string };

/** What a unit string measures, for error messages ("a size in bytes ..."), or undefined. */
function describeDimension(u: Unit): string | undefined {
  for (const [k, ref] of Object.entries(reference)) {
    if (u.equalBase(ref)) return QUANTITY_FORMATS[k as QuantityFormat].what;
  }
  return undefined;
}

/** Parses `text` as a quantity of the given kind into its SI value (FLOP/s, B/s, B, s, W, Hz). */
export function parseQuantity(text: string, format: QuantityFormat): ParsedQuantity {
  const f = QUANTITY_FORMATS[format];
  let u: Unit;
  try {
    u = math.unit(text.trim());
  } catch {
    return { ok: false, reason: `"${text}" is not a number with a unit; expected ${f.what}, e.g. "${f.example}"` };
  }
  if (u.value === null || u.value === undefined) {
    return { ok: false, reason: `"${text}" has a unit but no number; expected e.g. "${f.example}"` };
  }
  if (!u.equalBase(reference[format])) {
    const got = describeDimension(u);
    return {
      ok: false,
      reason: `"${text}" is ${got ?? 'a quantity of another kind'}; expected ${f.what}, e.g. "${f.example}"`,
    };
  }
  const value = u.toNumber(f.si);
  if (!Number.isFinite(value) || value <= 0) {
    return { ok: false, reason: `"${text}" must be positive and finite; expected e.g. "${f.example}"` };
  }
  return { ok: true, value };
}

/** Like parseQuantity, but throws; for values already validated by the schema. */
export function quantityValue(text: string, format: QuantityFormat): number {
  const r = parseQuantity(text, format);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

const PREFIXES: [number, string][] = [
  [1e18, 'E'],
  [1e15, 'P'],
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
  [1, ''],
  [1e-3, 'm'],
  [1e-6, 'u'],
  [1e-9, 'n'],
];
/** Formats an SI value with a decimal prefix for people: formatSi(3.12e14, 'FLOP/s') → "312 TFLOP/s". */
export function formatSi(value: number, unit: string, digits = 4): string {
  if (value === 0) return `0 ${unit}`;
  const [scale, prefix] = PREFIXES.find(([s]) => Math.abs(value) >= s) ?? PREFIXES[PREFIXES.length - 1]!;
  return `${Number((value / scale).toPrecision(digits))} ${prefix}${unit}`;
}
