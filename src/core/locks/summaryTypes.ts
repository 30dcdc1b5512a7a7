/** Per-function lock summaries, in terms of the function's parameters, applied at every call site. */
import type { LockRef } from './identity';
import type { LockMeta } from './state';
import type { ArgumentFlag } from '../knowledge';

/** A parameter the effect depends on: done only when it is (`nonNull`) or is not zero (NULL). */
export interface ArgCondition {
  param: number;
  nonNull: boolean;
}

/** A parameter known equal to one of these constants (`if (mode == A || mode == B)`, `case A:`), by name as written. */
export interface ArgOneOf {
  param: number;
  values: string[];
}

export interface SummaryEffect {
  op: 'acquire' | 'release';
  ref: LockRef;
  meta: LockMeta;
  /** `always`, or only when the function returns zero / nonzero. */
  when: 'always' | 'zero' | 'nonzero';
  /** Line in the callee where it happens. */
  line: number;
  /** Callee chain below the function, innermost last (`[helper]` when a helper of it did it). */
  chain: string[];
  /** Done only when this parameter is (`nonNull`) or is not NULL (`if (ci) spin_unlock(&ci->lock)`). */
  ifArg?: ArgCondition;
  /**
   * A release done on some paths only, for reasons the caller cannot name
   * (`if (parent) spin_unlock(&parent->d_lock)` with `parent` set from the
   * object's own state): a caller holding the lock has given it back; one not
   * holding it is not told of a release it never asked for.
   */
  ifHeld?: boolean;
  /**
   * Interrupts turned off with their state saved in this place (`local_irq_save(*flags)`), or
   * given back by an _irqrestore of the state saved there: only the caller's hold saved in the
   * same variable is meant (`krc_this_cpu_lock(&flags)` then `krc_this_cpu_unlock(krcp, flags)`).
   */
  savedIn?: LockRef;
  /**
   * Every held element of an array of locks (`ref` names the array): a loop
   * over an index of its own (`for (l--; l >= 0; l--) up_write(sb->rw + l)`)
   * gave back elements the caller cannot name one by one.
   */
  elements?: boolean;
  /** An acquire whose lock was handed to this function not in view, which may have released it. */
  handedTo?: string;
  /** An acquire of the returned object's lock in exchange for this lock of the caller's, released just before (exchange.ts). */
  exchanges?: LockRef;
  /** Done only when the call names this flag in this argument (`FGP_LOCK | FGP_CREAT`): the knowledge's word. */
  ifFlag?: ArgumentFlag;
  /** Done only when one argument is one of these constants (`if (flags == GET_LOCK) lock_page(page)`). */
  ifOneOf?: ArgOneOf;
  /**
   * Done on every return but those of this error code, written out (`return -EAGAIN;`): a
   * caller that finds its result is that code has not had it done (`if (err == -EAGAIN)`).
   */
  unless?: string;
  /**
   * Done only on the returns of this error code, written out: a release of the caller's lock that
   * the function takes back on every other return (`return -EINTR;` when the interruptible retake
   * failed). A caller that finds the result is another code, or not negative, still holds the lock.
   */
  onlyOn?: string;
  /**
   * Done exactly on the returns that stored nonzero through this pointer parameter (`*_dropped_lock =
   * true;` after the unlock, `= false` once taken back); the others stored zero or left it. A caller
   * whose variable, handed by its address, was zero at the call finds by testing it whether it still holds the lock.
   */
  toldThrough?: number;
  /**
   * Held through the object stored via a pointer parameter (`*out_bucket = hb;`, the ref's parameter), which
   * every return not holding it leaves NULL: the caller's variable is NULL exactly when it is not held.
   */
  outNullOtherwise?: boolean;
  /**
   * Done on every return but the negative ones (`return -EIO;`, or `ret` once `ret < 0`), which are
   * the only returns without it: the kernel's convention of a negative error code, with zero or a
   * positive count (a trylock's 1) for success.
   */
  unlessNegative?: boolean;
  /**
   * Done on every return but those whose result carries one of these bits (`vm_fault_t`'s
   * `VM_FAULT_ERROR`, `VM_FAULT_RETRY`, tested set before `return ret;`, or a code written out):
   * resultBits.ts. A caller that finds bits all among these set has not had it done.
   */
  unlessBits?: string[];
  /** With `unlessBits`: not done on a zero result either (`return 0;` without it). */
  bitsNotOnZero?: boolean;
}

/** A lock class taken somewhere inside (and maybe released again): feeds the lock-order graph. */
export interface SummaryTake {
  ref: LockRef;
  meta: LockMeta;
  line: number;
  chain: string[];
  file: string;
  /** Reached through the function's own locals: some instance of the class, not one a caller can name. */
  local?: boolean;
  /** Reached through a parameter the function first pointed at another object (found by itself): maybe the caller's, maybe not. */
  rebound?: boolean;
  /** Taken on every path through the function (a recursion that may stop first takes it only sometimes). */
  always?: boolean;
  /** Locks held on entry that the function gave up before taking this one: the caller does not hold them while it waits. */
  droppedBefore?: LockRef[];
  /** Taking back a lock the function was called with and dropped: the caller's hold, not a new one. */
  restores?: boolean;
  /** Only tried: a trylock waits for nobody, so it orders nothing. */
  trylock?: boolean;
  /** Taken only when this parameter is (`nonNull`) or is not zero: a call passing the other constant skips it. */
  ifArg?: ArgCondition;
  /** Taken only when this argument has this flag (`if (issue_flags & IO_URING_F_UNLOCKED)`): flags written out without it skip it. */
  ifFlag?: ArgumentFlag;
  /** Taken only when this parameter is one of these constants: a call passing another skips it. */
  ifOneOf?: ArgOneOf;
}

export interface SummarySleep {
  line: number;
  what: string;
  chain: string[];
  /** Locks held on entry that the function has dropped where it sleeps (a caller holding one does not sleep under it). */
  dropped: LockRef[];
  /** Asleep only when this parameter is (`nonNull`) or is not zero: a call passing the other constant does not sleep. */
  ifArg?: ArgCondition;
  /** Asleep only when this argument has this flag. */
  ifFlag?: ArgumentFlag;
  /** Asleep only when this parameter is one of these constants (`if (action == A || action == B) msleep(10)`): a call passing another does not sleep. */
  ifOneOf?: ArgOneOf;
}

/**
 * One way through a function, told apart from its other ways by tests of its parameters
 * (`if (send_cq->cqn < recv_cq->cqn)`): what it does with locks when those tests answer so.
 * A lock helper and its unlock twin branching on the same tests pair up in the caller.
 */
export interface SummaryCase {
  /** The tests, in the parameters' terms (`$0->cqn<$1->cqn`; `$0` alone for a NULL test), and their answers. */
  facts: Array<{ key: string; value: boolean; bits?: { base: string; mask: string[] } }>;
  effects: SummaryEffect[];
  /** What every return of this way gives back: zero (NULL) or not; a caller keeping the result knows it on that way. */
  returns?: 'zero' | 'nonzero';
  /** Constants the way leaves in its parameters' fields (`$0->applied` set once the lock is taken): the caller's after the call. */
  outs?: Array<{ key: string; value: boolean }>;
  /**
   * Locks its tests find recorded as held: the object's flag it tests is what its ways write when
   * they take the lock, or what it finds before giving the lock back (lockRecords()). A caller that
   * does not hold them has not set the flag so: the way is not its.
   */
  recordedHeld?: LockRef[];
}

export interface FunctionSummary {
  name: string;
  /** The file that defines it, when that is not in view (a summary from the tree index). */
  definedIn?: string;
  effects: SummaryEffect[];
  /** Locks the caller must hold: annotated, or released here without being taken. */
  requires: Array<{ ref: LockRef; line: number; why: 'annotation' | 'releases-caller-lock' }>;
  takes: SummaryTake[];
  sleeps: SummarySleep | null;
  /**
   * When `sleeps` keeps every lock of the caller's and is taken only under its condition
   * (`lbmWrite()` sleeps holding the caller's gclock only with lbmSYNC, and drops it to sleep
   * otherwise): the way it sleeps on the calls whose constants rule that condition out.
   */
  sleepsOtherwise?: SummarySleep;
  paths: number;
  truncated: boolean;
  /**
   * Pairs of parameters (indices, lower first) it tests for being one object (`if (a == b)`):
   * its paths already take or give one lock once when both name it, so a call passing one
   * object twice does so once.
   */
  compares?: Array<[number, number]>;
  /** Its ways, when tests of its parameters alone tell apart ways that do different things with locks. */
  cases?: SummaryCase[];
  /**
   * Locks it gives back on every return, named only through its own locals
   * (`fwc = fw_priv->fwc; ... spin_unlock(&fwc->lock)`). Declared `__releases`: its caller's lock
   * of that class, asked for where it is a callback a helper calls (`kref_put(&p->ref, release)`);
   * `undeclared`: only the lock a helper takes just before calling it (`kref_put_mutex()`).
   */
  releasesByClass?: Array<{ cls: string; meta: LockMeta; line: number; undeclared?: true; ofContainer?: ContainerLock }>;
  /** Constants it writes through pointer parameters on every return (`*dropped = 1`): a caller's `&v` holds it after the call. */
  outs?: Array<{ param: number; value: number }>;
}

/**
 * A lock reached through the object a parameter is a member of (`container_of(kref, struct
 * ctx_info, kref)->mutex`): `path` over `$`, that object; a caller handing `&x->kref` names it `x->mutex`.
 */
export interface ContainerLock {
  param: number;
  member: string;
  path: string;
}
