/**
 * Locks made recursive by an owner record. A lock helper that tests a record against the
 * running task (`if (prepare_owner == current) { refcnt++; return; }`) and sets the record
 * to the task (`prepare_owner = current`) beside a take of the lock takes it only when this
 * task does not hold it yet: where the test says the task owns the lock, its caller holds
 * it, and a caller that holds it re-enters, counted, and is not deadlocked (clk's
 * prepare_lock, regulator's rdev->mutex, reiserfs's write lock). The running task's names
 * are the knowledge's (`currentTask`).
 */
import { field, operator, unparen, walk, type FunctionInfo, type ParsedFile, type SNode } from '../syntax';
import { callArgs, calleeName } from '../syntax/kernelIdioms';
import type { Knowledge, LockPrimitive, NameClass } from '../knowledge';
import { canon } from './identity';
import { writtenValue } from './expr';

/** An owner record of a function and the take of the lock it belongs to, as written. */
export interface OwnerRecord {
  record: SNode;
  /** The lock argument of the take, and its primitive. */
  lock: SNode;
  primitive: LockPrimitive;
}

/** Whether an expression names the running task (`current`, `get_current()`). */
export function isCurrentTask(n: SNode, file: ParsedFile, currentTask: NameClass): boolean {
  const u = unparen(n);
  if (u.type === 'identifier') return currentTask.has(file.text.slice(u.start, u.end));
  return u.type === 'call_expression' && currentTask.has(calleeName(file, u) ?? '');
}

/**
 * The side compared with the running task in a test (`rdev->mutex_owner == current`), and
 * whether the test is true when that side is the task (`!=`, or a `!` before it, says not).
 */
export function comparedWithCurrent(cond: SNode, file: ParsedFile, currentTask: NameClass): { side: SNode; equalWhenTrue: boolean } | undefined {
  let e = unparen(cond);
  let negated = false;
  while (e.type === 'unary_expression' && operator(e) === '!' && field(e, 'argument')) {
    e = unparen(field(e, 'argument')!);
    negated = !negated;
  }
  if (e.type !== 'binary_expression' || (operator(e) !== '==' && operator(e) !== '!=')) return undefined;
  const [l, r] = [field(e, 'left'), field(e, 'right')];
  if (!l || !r) return undefined;
  const rightIsTask = isCurrentTask(r, file, currentTask);
  if (isCurrentTask(l, file, currentTask) === rightIsTask) return undefined;
  return { side: rightIsTask ? l : r, equalWhenTrue: (operator(e) === '==') !== negated };
}

/** The object a path is a member of (`rdev` for `rdev->mutex`); '' for a variable of its own (a global). */
function ownerObject(path: string): string {
  return /^(.*?)(?:->|\.)[A-Za-z_]\w*$/.exec(path)?.[1] ?? '';
}

/**
 * The owner records of a function's body: each place it both tests against the running
 * task and sets to it, with the one lock it takes of the record's own object (`rdev->mutex`
 * for `rdev->mutex_owner`; for a record of its own, a lock of its own: `prepare_lock` for
 * `prepare_owner`). None for a record beside no lock, or beside several.
 */
export function ownerRecords(body: SNode, file: ParsedFile, knowledge: Knowledge): OwnerRecord[] {
  const currentTask = knowledge.calls.currentTask;
  const text = (n: SNode) => canon(file.text.slice(n.start, n.end));
  const tested = new Map<string, SNode>();
  const set = new Set<string>();
  const takes: Array<{ lock: SNode; primitive: LockPrimitive; path: string }> = [];
  walk(body, (x) => {
    if (x.type === 'binary_expression') {
      const side = comparedWithCurrent(x, file, currentTask)?.side;
      if (side && !tested.has(text(side))) tested.set(text(side), side);
    } else if (x.type === 'assignment_expression' && operator(x) === '=') {
      const [left, right] = [field(x, 'left'), field(x, 'right')];
      if (left && right && isCurrentTask(right, file, currentTask)) set.add(text(left));
    } else if (x.type === 'call_expression') {
      const primitive = knowledge.primitives.get(calleeName(file, x) ?? '');
      const lock = primitive && primitive.op !== 'release' && primitive.arg >= 0 ? callArgs(x)[primitive.arg] : undefined;
      if (lock) takes.push({ lock, primitive: primitive!, path: text(lock).replace(/^&/, '') });
    }
  });
  const out: OwnerRecord[] = [];
  for (const [path, record] of tested) {
    if (!set.has(path)) continue;
    const fits = takes.filter((t) => t.path !== path && ownerObject(t.path) === ownerObject(path));
    if (fits.length && fits.every((t) => t.path === fits[0].path)) out.push({ record, lock: fits[0].lock, primitive: fits[0].primitive });
  }
  return out;
}

/**
 * The record a take of a lock is guarded by and set beside (`if (!state->locked) { state->locked =
 * priv; spin_lock(...); }`): the function is called again with the lock still held from an
 * earlier call (a seq_file walk's start and next), and the record says whether it is. The
 * record's path as written, for the take on `line`.
 */
export function heldRecord(fn: FunctionInfo, file: ParsedFile, line: number): string | undefined {
  const text = file.text;
  const tested = (cond: SNode) => {
    const out = new Set<string>();
    walk(cond, (x) => {
      if (x.type === 'field_expression') out.add(canon(text.slice(x.start, x.end)));
      return x.type !== 'field_expression';
    });
    return out;
  };
  let record: string | undefined;
  walk(fn.body, (n) => {
    if (record || n.type !== 'if_statement') return !record;
    const body = field(n, 'consequence');
    const cond = field(n, 'condition');
    if (!body || !cond || file.lines.line(body.start) > line || file.lines.line(body.end - 1) < line) return true;
    const paths = tested(cond);
    walk(body, (x) => {
      const left = x.type === 'assignment_expression' ? field(x, 'left') : undefined;
      const path = left?.type === 'field_expression' ? canon(text.slice(left.start, left.end)) : undefined;
      // Set to its holder (`= priv`), not cleared: a flag cleared beside the take records nothing held.
      const value = field(x, 'right');
      if (path && paths.has(path) && !(value && writtenValue(value, text) === 0)) record = path;
      return !record;
    });
    return !record;
  });
  return record;
}
