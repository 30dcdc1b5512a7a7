/**
 * User lock configuration (CLI --lock-config FILE, the editor's
 * lockflow.lockFunctions setting): extra primitives and guard classes.
 *
 *   { "primitives": [ { "name": "my_lock", "op": "acquire", "kind": "mutex" } ],
 *     "guards": [ { "name": "my_guard", "kind": "spinlock" } ] }
 */
import { InputError } from '../input/validate';
import { ATOMIC, DEFAULT_GUARDS, DEFAULT_PRIMITIVES, LOCK_KINDS as KINDS, SLEEPING, type GuardClass, type LockKind, type LockOp, type LockPrimitive } from './primitives';

const OPS: LockOp[] = ['acquire', 'release', 'try'];

export interface LockConfig {
  primitives: LockPrimitive[];
  guards: GuardClass[];
}

export function parseLockConfig(json: unknown, where = 'lock config'): LockConfig {
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new InputError(`${where}: expected an object with "primitives" and/or "guards"`);
  const o = json as Record<string, unknown>;
  const list = (key: string): Record<string, unknown>[] => {
    const v = o[key];
    if (v === undefined) return [];
    if (!Array.isArray(v)) throw new InputError(`${where}: "${key}" must be an array`);
    return v.map((x, i) => {
      if (!x || typeof x !== 'object') throw new InputError(`${where}: ${key}[${i}] must be an object`);
      return x as Record<string, unknown>;
    });
  };
  const str = (x: Record<string, unknown>, k: string, at: string, allowed?: readonly string[]): string => {
    const v = x[k];
    if (typeof v !== 'string' || !v) throw new InputError(`${where}: ${at}.${k} must be a non-empty string`);
    if (allowed && !allowed.includes(v)) throw new InputError(`${where}: ${at}.${k} must be one of ${allowed.join(', ')} (got '${v}')`);
    return v;
  };
  const primitives = list('primitives').map((x, i): LockPrimitive => {
    const at = `primitives[${i}]`;
    const kind = str(x, 'kind', at, KINDS) as LockKind;
    const op = str(x, 'op', at, OPS) as LockOp;
    const arg = x.arg === undefined ? 0 : Number(x.arg);
    if (!Number.isInteger(arg) || arg < -1) throw new InputError(`${where}: ${at}.arg must be a whole number, -1 for no argument`);
    const heldWhen = x.heldWhen === undefined ? undefined : (str(x, 'heldWhen', at, ['zero', 'nonzero']) as 'zero' | 'nonzero');
    if (op === 'try' && !heldWhen) throw new InputError(`${where}: ${at} is a "try" and needs "heldWhen": "zero" or "nonzero"`);
    return {
      name: str(x, 'name', at),
      op,
      kind,
      arg,
      path: typeof x.path === 'string' ? x.path : arg < 0 ? str(x, 'name', at) : '$',
      heldWhen,
      sleeps: typeof x.sleeps === 'boolean' ? x.sleeps : op !== 'release' && SLEEPING.includes(kind),
      atomic: typeof x.atomic === 'boolean' ? x.atomic : ATOMIC.includes(kind),
      shared: x.shared === true,
    };
  });
  const guards = list('guards').map((x, i): GuardClass => {
    const at = `guards[${i}]`;
    const kind = str(x, 'kind', at, KINDS) as LockKind;
    return {
      name: str(x, 'name', at),
      kind,
      path: typeof x.path === 'string' ? x.path : '$',
      conditional: x.conditional === true,
      sleeps: typeof x.sleeps === 'boolean' ? x.sleeps : SLEEPING.includes(kind),
      atomic: typeof x.atomic === 'boolean' ? x.atomic : ATOMIC.includes(kind),
      shared: x.shared === true,
    };
  });
  return { primitives, guards };
}

export function parseLockConfigText(text: string, where: string): LockConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${where}: not valid JSON (${(e as Error).message})`);
  }
  return parseLockConfig(json, where);
}

/** Names of the built-in primitives, for documentation and the editor's completions. */
export const BUILTIN_LOCK_FUNCTIONS = DEFAULT_PRIMITIVES.map((p) => p.name);
export const BUILTIN_GUARDS = DEFAULT_GUARDS.map((g) => g.name);
