/**
 * The kernel as the simulator sees it: constants, iterator macros, lock
 * primitives, refcounts, allocation and the helper macros, as tables.
 */
import { SimStop, type G } from './machine';
import type { CallCtx, ModelFunction, ModelTable } from './model';
import { isErrPtr, isFn, isPtr, ptr, toInt, truthy } from './values';
import type { Value } from './types';
import { ATOMIC, KERNEL_KNOWLEDGE } from '../knowledge';
import { field, operator, unparen } from '../syntax';

/** Error numbers, capabilities, GFP flags and iommu domain types (kernel values). */
export const CONSTANTS: Record<string, number> = {
  NULL: 0, true: 1, false: 0,
  EPERM: 1, ENOENT: 2, EINTR: 4, EIO: 5, EAGAIN: 11, ENOMEM: 12, EACCES: 13, EFAULT: 14, EBUSY: 16,
  EEXIST: 17, ENODEV: 19, EINVAL: 22, ENOSPC: 28, ERANGE: 34, ENOSYS: 38, EOPNOTSUPP: 95, ETIMEDOUT: 110,
  CAP_SYS_RAWIO: 17, CAP_SYS_ADMIN: 21,
  GFP_KERNEL: 0xcc0, GFP_ATOMIC: 0xa20, GFP_NOWAIT: 0x800,
  IOMMU_DOMAIN_BLOCKED: 0, IOMMU_DOMAIN_UNMANAGED: 1, IOMMU_DOMAIN_DMA: 3, IOMMU_DOMAIN_IDENTITY: 4,
  IOMMU_DOMAIN_DMA_FQ: 11,
};

export const DOMAIN_TYPES: Record<string, number> = { IDENTITY: 4, DMA: 3, UNMANAGED: 1 };

/**
 * Iterator macros: which argument is the cursor, which the list head (or the
 * object whose `member` is the list), and whether deletion is safe.
 */
export interface IteratorSpec {
  pos: number;
  head: number;
  member?: string;
  safe?: boolean;
}
const ITERATORS: Record<string, IteratorSpec> = {
  list_for_each_entry: { pos: 0, head: 1 },
  list_for_each_entry_reverse: { pos: 0, head: 1 },
  list_for_each_entry_safe: { pos: 0, head: 2, safe: true },
  list_for_each_entry_safe_reverse: { pos: 0, head: 2, safe: true },
  for_each_group_device: { pos: 1, head: 0, member: 'devices' },
};

export function iterator(name: string): IteratorSpec | undefined {
  return ITERATORS[name];
}

/**
 * The simulator models mutexes (and the device mutex) and spinlocks, taken
 * from the lock engine's primitive table: one list of kernel lock functions.
 * An interruptible lock always succeeds here (it returns 0); a trylock may fail.
 */
type LockSpec = { op: 'lock' | 'unlock' | 'trylock'; sleeping: boolean; device?: boolean };
const MODELLED_KINDS = new Set(['mutex', 'spinlock']);
const LOCKS: Record<string, LockSpec> = Object.fromEntries(
  [...KERNEL_KNOWLEDGE.primitives.values()].filter((p) => MODELLED_KINDS.has(p.kind) && p.arg === 0).map((p) => [
    p.name,
    {
      op: p.op === 'acquire' || (p.op === 'try' && p.heldWhen === 'zero') ? 'lock' : p.op === 'release' ? 'unlock' : 'trylock',
      sleeping: !ATOMIC.includes(p.kind),
      ...(p.path === '$->mutex' ? { device: true } : {}),
    } satisfies LockSpec,
  ]),
);

const GUARD_KINDS = new Map([...KERNEL_KNOWLEDGE.guards.values()].map((g) => [g.name, g.kind]));

/** guard()/scoped_guard() classes of spinning locks (and irq, preempt, rcu sections) do not sleep; the rest do. */
export function guardSleeps(guardClass: string): boolean {
  const kind = GUARD_KINDS.get(guardClass);
  return !kind || !ATOMIC.includes(kind);
}

function lockPrimitive(spec: LockSpec): ModelFunction {
  return {
    raw: true,
    quiet: true,
    *run(x) {
      let target = yield* x.evalArg(0);
      if (spec.device) target = (yield* x.m.touch(x, target, x.text)).fields.mutex;
      if (spec.op === 'lock') {
        yield* x.m.lock(x, target, spec.sleeping);
        return 0;
      }
      if (spec.op === 'unlock') {
        yield* x.m.unlock(x, target, spec.sleeping);
        return 0;
      }
      return (yield* x.m.lock(x, target, spec.sleeping, true)) ? 1 : 0;
    },
  };
}

/** A print to the kernel log: the message, formatted, as an event; nothing else changes. */
export function logModel(kind: string): ModelFunction {
  return {
    quiet: true,
    *run(x, args) {
      const fmtAt = args.findIndex((a) => typeof a === 'string');
      const fmt = fmtAt >= 0 ? (args[fmtAt] as string) : '';
      let k = fmtAt + 1;
      const msg = fmt.replace(/%[-+ #0-9.]*[lhz]*([sdiuxpc%])/g, (_all, c: string) => (c === '%' ? '%' : x.m.label(args[k++]))).trim();
      x.m.event(x, 'log', `${kind}: ${msg}`);
      return 0;
    },
  };
}

function pure(fn: (args: Value[], x: CallCtx) => Value): ModelFunction {
  return {
    quiet: true,
    *run(x, args) {
      return fn(args, x);
    },
  };
}

function warn(fatal: boolean): ModelFunction {
  return {
    quiet: true,
    *run(x, args) {
      if (!truthy(args[0])) return 0;
      if (fatal) throw new SimStop('BUG', x.m.violate(x, 'sim/invariant', `${x.text} fires (line ${x.line})`));
      x.m.event(x, 'log', `warning: ${x.text}`);
      return 1;
    },
  };
}

/** The object a counter argument counts: `&obj->member` (an embedded kref, kobject) is obj; else the pointer itself. */
export function* counted(x: CallCtx): G<Value> {
  const arg = x.argNodes[0] && unparen(x.argNodes[0]);
  if (!arg) return 0;
  const inner = arg.type === 'pointer_expression' && operator(arg) === '&' ? unparen(field(arg, 'argument')!) : undefined;
  return yield* x.evalNode(inner?.type === 'field_expression' ? field(inner, 'argument')! : arg);
}

const sysfsTrim = (s: Value) => (typeof s === 'string' ? s.replace(/\n$/, '') : s);

/** The list head a list_head pointer names, and its entries. */
function* listOf(x: CallCtx, v: Value): G<number[]> {
  const head = yield* x.m.touch(x, v, x.text);
  head.items ??= [];
  return head.items;
}

export const KERNEL: ModelTable = {
  ...Object.fromEntries(Object.entries(LOCKS).map(([name, spec]) => [name, lockPrimitive(spec)])),
  lockdep_assert_held: {
    quiet: true,
    *run(x, [lock]) {
      if (!x.m.isHeld(x.t, lock)) x.m.violate(x, 'sim/invariant', `${x.text} fails: ${x.m.label(lock)} is not held by ${x.t.name} (line ${x.line})`);
      return 0;
    },
  },
  might_sleep: {
    quiet: true,
    *run(x) {
      if (x.t.atomic > 0) x.m.violate(x, 'sim/invariant', `might_sleep() under a spinlock (line ${x.line})`);
      return 0;
    },
  },

  get_device: { quiet: true, *run(x, [dev]) { return dev ? yield* x.m.get(x, dev, x.text) : 0; } },
  put_device: { quiet: true, *run(x, [dev]) { if (dev) yield* x.m.put(x, dev, x.text); return 0; } },
  kref_init: { raw: true, quiet: true, *run(x) { (yield* x.m.touch(x, yield* counted(x), x.text)).refcount = 1; return 0; } },
  kref_get: { raw: true, quiet: true, *run(x) { yield* x.m.get(x, yield* counted(x), x.text); return 0; } },
  kref_put: {
    raw: true,
    *run(x) {
      const kref = yield* counted(x);
      const release = yield* x.evalArg(1);
      const obj = yield* x.m.touch(x, kref, x.text);
      obj.refcount = (obj.refcount ?? 1) - 1;
      if (obj.refcount > 0) return 0;
      if (isFn(release)) yield* x.call(release.fn, [kref]);
      else x.m.free(x, x.m.heap.root(obj));
      return 1;
    },
  },

  kzalloc: alloc(),
  kmalloc: alloc(),
  kcalloc: alloc(),
  devm_kzalloc: alloc(),
  kfree: {
    *run(x, [p]) {
      if (!p || isErrPtr(p)) return 0;
      x.m.free(x, yield* x.m.touch(x, p, x.text));
      return 0;
    },
  },

  capable: pure((_, x) => (x.m.scenario.world.capable === false ? 0 : 1)),
  sysfs_streq: pure(([a, b]) => (sysfsTrim(a) === sysfsTrim(b) ? 1 : 0)),
  strcmp: pure(([a, b]) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0)),
  strncmp: pure(([a, b, n]) => (String(a).slice(0, toInt(n)) === String(b).slice(0, toInt(n)) ? 0 : 1)),
  strlen: pure(([a]) => String(a).length),
  dev_name: { quiet: true, *run(x, [dev]) { const d = yield* x.m.touch(x, dev, x.text); return d.fields.name ?? d.label; } },
  likely: pure(([a]) => a),
  unlikely: pure(([a]) => a),
  READ_ONCE: pure(([a]) => a),
  /** The lowest set bit's index (undefined for 0 in the kernel; 0 here). */
  __ffs: pure(([a]) => Math.max(0, 31 - Math.clz32(toInt(a) & -toInt(a)))),
  min: pure(([a, b]) => Math.min(toInt(a), toInt(b))),
  max: pure(([a, b]) => Math.max(toInt(a), toInt(b))),
  synchronize_rcu: pure(() => 0),
  rcu_read_lock: pure(() => 0),
  rcu_read_unlock: pure(() => 0),

  WARN_ON: warn(false),
  WARN_ON_ONCE: warn(false),
  WARN: warn(false),
  BUG_ON: warn(true),
  IS_ERR: pure(([p]) => (isErrPtr(p) ? 1 : 0)),
  IS_ERR_OR_NULL: pure(([p]) => (!p || isErrPtr(p) ? 1 : 0)),
  PTR_ERR: pure(([p]) => toInt(p)),
  PTR_ERR_OR_ZERO: pure(([p]) => (isErrPtr(p) ? toInt(p) : 0)),
  ERR_PTR: pure(([e]) => toInt(e)),
  ERR_CAST: pure(([p]) => p),

  container_of: {
    raw: true,
    quiet: true,
    *run(x) {
      const p = yield* x.evalArg(0);
      const obj = yield* x.m.touch(x, p, x.text);
      return obj.container !== undefined ? ptr(obj.container) : p;
    },
  },
  list_first_entry: { raw: true, quiet: true, *run(x) { return first(yield* listOf(x, yield* x.evalArg(0)), x); } },
  list_first_entry_or_null: { raw: true, quiet: true, *run(x) { const l = yield* listOf(x, yield* x.evalArg(0)); return l.length ? ptr(l[0]) : 0; } },
  INIT_LIST_HEAD: { quiet: true, *run(x, [h]) { (yield* x.m.touch(x, h, x.text)).items = []; return 0; } },
  list_empty: { quiet: true, *run(x, [h]) { return (yield* listOf(x, h)).length ? 0 : 1; } },
  list_del: { *run(x, [node]) { yield* unlink(x, node); return 0; } },
  list_del_init: { *run(x, [node]) { yield* unlink(x, node); return 0; } },
  list_add: { *run(x, [node, head]) { (yield* listOf(x, head)).unshift(entryOf(x, node)); return 0; } },
  list_add_tail: { *run(x, [node, head]) { (yield* listOf(x, head)).push(entryOf(x, node)); return 0; } },

  pr_err: logModel('error'), pr_warn: logModel('warning'), pr_info: logModel('info'), pr_debug: logModel('debug'), pr_notice: logModel('notice'),
  pr_err_ratelimited: logModel('error'), pr_warn_ratelimited: logModel('warning'), printk: logModel('printk'),
  dev_err: logModel('error'), dev_warn: logModel('warning'), dev_info: logModel('info'), dev_dbg: logModel('debug'), dev_notice: logModel('notice'),
};

/** Allocators: a scenario fault named `kzalloc` fails them; unset fields read as 0 (kmalloc too, a simplification). */
function alloc(): ModelFunction {
  return {
    *run(x) {
      return x.m.allocates(x, 'kzalloc') ? x.m.newObject('alloc', 'kmem', {}) : 0;
    },
  };
}

function first(items: number[], x: CallCtx): Value {
  if (!items.length) throw new SimStop('error', x.m.violate(x, 'sim/invariant', `${x.text} on an empty list (line ${x.line})`));
  return ptr(items[0]);
}

/** A list node pointer (`&gd->list`) names its entry (`gd`). */
function entryOf(x: CallCtx, node: Value): number {
  if (!isPtr(node)) throw new SimStop(`error: ${x.text}: not a list node`);
  return x.m.heap.get(node.ptr).container ?? node.ptr;
}

function* unlink(x: CallCtx, node: Value): G<void> {
  const entry = entryOf(x, node);
  yield* x.m.touch(x, node, x.text);
  for (const o of x.m.heap.objects) {
    if (o.items?.includes(entry)) o.items.splice(o.items.indexOf(entry), 1);
  }
}
