// Unit strings at the edges ("2039 GB/s", "312 TFLOP/s", "80 GiB", "1.5 us") to SI numbers inside.
// mathjs does the parsing: decimal prefixes are decimal (GB = 1e9 B), binary ones are spelled GiB,
// "b" is a bit and "B" a byte. FLOP and OP are added as their own dimension.
// Loading mathjs takes ~1 s, longer than any command's work, so the plain form every descriptor
// uses ("<number> <prefix><unit>[/s]") is read here with mathjs's own arithmetic (same steps, same
// constants, same result to the bit; tests/units-fast-path.test.ts compares them), and mathjs is
// loaded only for anything else, and for every error, so that messages come from one place.
import { createRequire } from 'node:module';
import type { Unit } from 'mathjs';
import { QUANTITY_FORMATS, type QuantityFormat } from './schema.js';

type MathJs = typeof import('mathjs');
interface Mathjs {
  unit: (text: string) => Unit;
  reference: Record<QuantityFormat, Unit>;
}

let loaded: Mathjs | undefined;
/** mathjs with FLOP and OP, created on first use (its CommonJS build: require is synchronous). */
function mathjs(): Mathjs {
  if (!loaded) {
    const { create, all } = createRequire(import.meta.url)('mathjs') as MathJs;
    const math = create(all!, {});
    math.createUnit('FLOP', { prefixes: 'short', aliases: ['FLOPs'] });
    math.createUnit('OP', { definition: '1 FLOP', prefixes: 'short', aliases: ['OPs'] });
    const reference = Object.fromEntries(
      Object.entries(QUANTITY_FORMATS).map(([k, f]) => [k, math.unit(`1 ${f.si}`)]),
    ) as Record<QuantityFormat, Unit>;
    loaded = { unit: (text) => math.unit(text), reference };
  }
  return loaded;
}

export type ParsedQuantity = { ok: true; value: number } | { ok: false; reason: string };

/** What a unit string measures, for error messages ("a size in bytes ..."), or undefined. */
function describeDimension(u: Unit): string | undefined {
  for (const [k, ref] of Object.entries(mathjs().reference)) {
    if (u.equalBase(ref)) return QUANTITY_FORMATS[k as QuantityFormat].what;
  }
  return undefined;
}

// --- the fast path: mathjs's Unit.parse, _normalize and toNumber for the plain form ---

/** mathjs's prefix tables (Unit.js PREFIXES): SHORT, and BINARY_SHORT (SI + IEC) for bits and bytes. */
// prettier-ignore
const SHORT: Record<string, number> = {
  '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, m: 1e-3, u: 1e-6, n: 1e-9, p: 1e-12,
};
// prettier-ignore
const BINARY_SHORT: Record<string, number> = {
  '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 1024, Mi: Math.pow(1024, 2), Gi: Math.pow(1024, 3), Ti: Math.pow(1024, 4), Pi: Math.pow(1024, 5), Ei: Math.pow(1024, 6),
};

/** One unit of a product: mathjs's unit value, prefix value and power. */
type Term = [unitValue: number, prefixValue: number, power: number];

/** Unit name → [mathjs value, prefixes]; "b" is mathjs's base (1 per bit), "B" is 8 of them. */
const NUMERATORS: Record<QuantityFormat, Record<string, [number, Record<string, number>]>> = {
  flops: { FLOP: [1, SHORT], FLOPs: [1, SHORT], OP: [1, SHORT], OPs: [1, SHORT] },
  bandwidth: { B: [8, BINARY_SHORT], b: [1, BINARY_SHORT] },
  bytes: { B: [8, BINARY_SHORT], b: [1, BINARY_SHORT] },
  time: { s: [1, SHORT] },
  power: { W: [1, SHORT] },
  frequency: { Hz: [1, SHORT] },
};
const PER_SECOND: Term = [1, 1, -1];
/** Whether the plain form of a format has "/s", and the terms of its SI unit (QUANTITY_FORMATS[f].si). */
const SI: Record<QuantityFormat, { perSecond: boolean; terms: Term[] }> = {
  flops: { perSecond: true, terms: [[1, 1, 1], PER_SECOND] },
  bandwidth: { perSecond: true, terms: [[8, 1, 1], PER_SECOND] },
  bytes: { perSecond: false, terms: [[8, 1, 1]] },
  time: { perSecond: false, terms: [[1, 1, 1]] },
  power: { perSecond: false, terms: [[1, 1, 1]] },
  frequency: { perSecond: false, terms: [[1, 1, 1]] },
};

// mathjs's number grammar (parseNumber, without "-": negative values are errors, left to mathjs; a
// "+" is dropped), spaces or tabs, one word of letters (parseUnit), optionally "/" and another word.
const PLAIN = /^\+?((?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)[ \t]*([A-Za-z]+)(?:[ \t]*\/[ \t]*([A-Za-z]+))?$/;

/** The unit's terms if `name` is `<prefix><unit>` for one of the format's units, as mathjs finds it. */
function numeratorTerm(name: string, format: QuantityFormat): Term | undefined {
  for (const [unit, [unitValue, prefixes]] of Object.entries(NUMERATORS[format])) {
    if (!name.endsWith(unit)) continue;
    const prefix = prefixes[name.slice(0, name.length - unit.length)];
    if (prefix !== undefined) return [unitValue, prefix, 1];
  }
  return undefined;
}

/** The SI value of a plain quantity that is positive and finite, else undefined (mathjs decides). */
export function plainValue(text: string, format: QuantityFormat): number | undefined {
  const m = PLAIN.exec(text);
  if (!m) return undefined;
  const [, number, name, per] = m;
  const si = SI[format];
  if ((per !== undefined) !== si.perSecond || (per !== undefined && per !== 's')) return undefined;
  const term = numeratorTerm(name!, format);
  if (!term) return undefined;
  const terms = si.perSecond ? [term, PER_SECOND] : [term];
  // Unit.parse: parseFloat, then _normalize; toNumber(si): _denormalize by the SI unit's terms
  let value = parseFloat(number!);
  for (const [u, p, power] of terms) value = value * Math.pow(u * p, power);
  for (const [u, p, power] of si.terms) value = value / Math.pow(u * p, power);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/** Parses `text` as a quantity of the given kind into its SI value (FLOP/s, B/s, B, s, W, Hz). */
export function parseQuantity(text: string, format: QuantityFormat): ParsedQuantity {
  const value = plainValue(text.trim(), format);
  return value === undefined ? parseQuantityWithMathjs(text, format) : { ok: true, value };
}

/** parseQuantity by mathjs alone: what every string went through before the fast path (tests compare them). */
export function parseQuantityWithMathjs(text: string, format: QuantityFormat): ParsedQuantity {
  const f = QUANTITY_FORMATS[format];
  const math = mathjs();
  let u: Unit;
  try {
    u = math.unit(text.trim());
  } catch {
    return { ok: false, reason: `"${text}" is not a number with a unit; expected ${f.what}, e.g. "${f.example}"` };
  }
  if (u.value === null || u.value === undefined) {
    return { ok: false, reason: `"${text}" has a unit but no number; expected e.g. "${f.example}"` };
  }
  if (!u.equalBase(math.reference[format])) {
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
