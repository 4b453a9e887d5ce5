// Flag parsers shared by commands: bad values become commander errors (exit 2) naming the flag.
import { InvalidArgumentError } from 'commander';
import { closest } from '../util/did-you-mean.js';

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  return n;
}

export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected an integer ≥ 0, got "${value}"`);
  return n;
}

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a positive number, got "${value}"`);
  return n;
}

export function oneOf<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value: string) => {
    if ((choices as readonly string[]).includes(value)) return value as T;
    const near = closest(value, choices, 1);
    throw new InvalidArgumentError(
      `expected one of ${choices.join(', ')}, got "${value}"${near.length ? ` (did you mean ${near[0]}?)` : ''}`,
    );
  };
}
