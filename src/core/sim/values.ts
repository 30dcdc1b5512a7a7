/** Small helpers over simulated values. */
import type { FnRef, Ptr, Value } from './types';

export function ptr(id: number): Ptr {
  return { ptr: id };
}

export function isPtr(v: Value): v is Ptr {
  return typeof v === 'object' && v !== null && 'ptr' in v;
}

export function isFn(v: Value): v is FnRef {
  return typeof v === 'object' && v !== null && 'fn' in v;
}

/** The kernel's error pointers: ERR_PTR(-ENOMEM) is a small negative number here. */
export function isErrPtr(v: Value): boolean {
  return typeof v === 'number' && v < 0 && v >= -4095;
}

export function truthy(v: Value): boolean {
  if (v === undefined) return false;
  if (typeof v === 'number') return v !== 0;
  return true;
}

export function same(a: Value, b: Value): boolean {
  if (isPtr(a) && isPtr(b)) return a.ptr === b.ptr;
  if (isFn(a) && isFn(b)) return a.fn === b.fn;
  return a === b;
}

/** C integer semantics for the arithmetic the simulated code does. */
export function toInt(v: Value): number {
  if (typeof v === 'number') return v;
  if (v === undefined) return 0;
  if (isPtr(v)) return v.ptr * 4096;
  return 1;
}
