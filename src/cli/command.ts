import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from '../core';

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Returns the exit code. */
  run(argv: string[], io: CliIO): Promise<number>;
}

/** node:util parseArgs, with unknown options and bad values turned into usage errors. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new InputError((e as Error).message);
  }
}

export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T, what: string): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new InputError(`${what} must be one of ${allowed.join(', ')} (got '${value}')`);
}

export function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** A decimal whole number in [min, max]: no hex, exponents or fractions from a typo or a script. */
export function wholeNumber(value: string, what: string, min: number, max: number): number {
  const n = /^\d{1,15}$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) throw new InputError(`${what} must be a whole number from ${min} to ${max} (got '${value}')`);
  return n;
}
