/**
 * Locals that stand for one path from the function's parameters or globals
 * for the whole function (`struct usb_port *port_dev = hub->ports[port - 1];`,
 * `struct inode *inode = dentry->d_inode;`): a lock reached through one is
 * named by that path, so a caller and its callee, each with its own local,
 * name one lock alike, and the callee's summary can say it in its callers' words.
 */
import { field, operator, unparen, walk, type Annotation, type FunctionInfo, type ParsedFile, type SNode } from '../syntax';
import { declaratorName } from '../syntax/extract';
import { callArgs, calleeName } from '../syntax/kernelIdioms';
import { applyPath, canon, instVars, MEMBER_PATH } from './identity';
import type { FunctionSummary } from './summaryTypes';
import { containerOfCall, MEMBER } from './containerAccessors';
import { isGlobalName, type Knowledge } from '../knowledge';

/** How many locals deep a path is followed (`pool = worker->pool; lock = &pool->lock`). */
const MAX_DEPTH = 4;

const VAR = /(?<![\w.>$])[A-Za-z_]\w*(?!\w)(?!\s*\()/g;

interface Writes {
  /** How many times each variable is written (NULL aside); 2 for one whose address is taken. */
  writes: Map<string, number>;
  /** Variables whose address is taken: written wherever it goes. */
  addressed: Set<string>;
  value: Map<string, SNode>;
  declared: Set<string>;
  fieldWrites: string[];
  /** Where each variable is first written after its declaration, and whether inside a loop. */
  firstWrite: Map<string, { at: number; inLoop: boolean }>;
  /** Where each variable is last read or written. */
  lastUse: Map<string, number>;
  /** Locals declared with their value at the top of the body (not in a block, a loop or a branch). */
  topLevel: Map<string, number>;
  /** Where labels are: a goto may bring control back over them. */
  labels: number[];
}

/** Parameters the function writes (`level--`): inside it they no longer name what the caller passed. */
export function writtenParams(file: ParsedFile, fn: FunctionInfo): Set<string> {
  const { writes } = scanWrites(file, fn);
  return new Set(fn.params.map((p) => p.name).filter((n) => writes.has(n)));
}

/** Names that keep, all through the function, what it was called with: parameters and globals it never assigns. */
export function unchangedNames(file: ParsedFile, fn: FunctionInfo): (name: string) => boolean {
  const { writes, declared } = scanWrites(file, fn);
  const params = new Set(fn.params.map((p) => p.name));
  return (name) => !writes.has(name) && (params.has(name) || !declared.has(name));
}

/** The fields (as paths, `vm->active`) the function assigns anywhere in its body. */
export function writtenFields(file: ParsedFile, fn: FunctionInfo): ReadonlySet<string> {
  return new Set(scanWrites(file, fn).fieldWrites);
}

/** Parameters whose address the function takes: a callee may write them, which no path of ours sees. */
export function addressedParams(file: ParsedFile, fn: FunctionInfo): Set<string> {
  const addressed = addressedVariables(file, fn);
  return new Set(fn.params.map((p) => p.name).filter((n) => addressed.has(n)));
}

/** Variables whose address the function's body takes (`&ptl`): a call handed it may set them. */
export function addressedVariables(file: ParsedFile, fn: FunctionInfo): ReadonlySet<string> {
  return scanWrites(file, fn).addressed;
}

/** `isAccessor`: a callee whose answer names one object for the same arguments, and says its struct (engine.ts). */
export function stableLocals(file: ParsedFile, fn: FunctionInfo, knowledge: Knowledge, isAccessor?: (callee: string) => boolean): Map<string, string> {
  const src = (n: SNode) => file.text.slice(n.start, n.end);
  const scan = scanWrites(file, fn);
  const { value, declared, fieldWrites } = scan;
  const writes = new Map(scan.writes);
  for (const p of fn.params) if (writes.has(p.name)) writes.set(p.name, 2);

  const paths = new Map<string, string>();
  for (const [name, v] of value) {
    if (!declared.has(name) || writes.get(name) !== 1 || !(isPlainPath(v) || (!!isAccessor && isAccessorCall(file, v, knowledge, isAccessor)))) continue;
    paths.set(name, canon(src(v)));
  }
  const roots = (name: string) => fn.params.some((p) => p.name === name && !writes.has(name)) || (isGlobalName(knowledge, file.globals, name) && !writes.has(name));
  const out = new Map<string, string>();
  for (const [name, path] of paths) {
    let resolved = path;
    for (let k = 0; k < MAX_DEPTH; k++) {
      const next = resolved.replace(VAR, (v) => (v !== name && paths.has(v) ? paths.get(v)! : v));
      if (next === resolved) break;
      resolved = next;
    }
    const vars = instVars(resolved);
    if (!vars.length || !vars.every((v) => roots(v) || (resolved === path && entryValue(scan, fn, name, v)))) continue;
    // A field of the path written here may point elsewhere afterwards.
    if (fieldWrites.some((w) => resolved.startsWith(w) || w.startsWith(resolved))) continue;
    out.set(name, resolved);
  }
  return out;
}

/**
 * Locals set once to the address of a member of a parameter's object (`ap = &ia->ap`): what is
 * stored through them is stored in the caller's object.
 */
export function memberAddressLocals(file: ParsedFile, fn: FunctionInfo): Set<string> {
  const { writes } = scanWrites(file, fn);
  const params = new Set(fn.params.map((p) => p.name).filter((n) => !writes.has(n)));
  return new Set([...addressLocals(file, fn)].filter(([, path]) => params.has(/^[A-Za-z_]\w*/.exec(path)?.[0] ?? '')).map(([name]) => name));
}

/** Locals set once to the address of a member (`free_queue = &pmlmepriv->free_bss_pool`), with that member's path. */
export function addressLocals(file: ParsedFile, fn: FunctionInfo): Map<string, string> {
  const { value, declared, writes } = scanWrites(file, fn);
  const out = new Map<string, string>();
  for (const [name, v] of value) {
    const inner = v.type === 'pointer_expression' && operator(v) === '&' ? field(v, 'argument') : undefined;
    if (!declared.has(name) || writes.get(name) !== 1 || !inner || inner.type !== 'field_expression' || !isPlainPath(inner)) continue;
    out.set(name, canon(file.text.slice(inner.start, inner.end)));
  }
  return out;
}

/**
 * Locals set once to the object a parameter is a member of (`ctxi = container_of(kref, struct
 * ctx_info, kref)` in a kref release), of the container locals `names` (containerNames): by
 * parameter index and the member's name. A caller that hands over `&ctxi->kref` names that object `ctxi`.
 */
export function containerLocals(fn: FunctionInfo, names: ReadonlyMap<string, { of: string; member: string }>): Map<string, { param: number; member: string }> {
  const out = new Map<string, { param: number; member: string }>();
  for (const [name, c] of names) {
    const param = fn.params.findIndex((p) => p.name === c.of);
    if (param >= 0) out.set(name, { param, member: c.member });
  }
  return out;
}

/**
 * Locals set once to the object another variable is a member of (`shp = container_of(ipcp, struct
 * shmid_kernel, shm_perm)`), that variable a parameter never written or a local set once: by its
 * name and the member's.
 */
export function containerNames(file: ParsedFile, fn: FunctionInfo, knowledge: Knowledge): Map<string, { of: string; member: string }> {
  const src = (n: SNode) => file.text.slice(n.start, n.end);
  const { value, declared, writes } = scanWrites(file, fn);
  const out = new Map<string, { of: string; member: string }>();
  for (const [name, v] of value) {
    const call = declared.has(name) && writes.get(name) === 1 ? containerOfCall(file, v, knowledge) : undefined;
    const from = call?.of;
    const once = !!from && (fn.params.some((p) => p.name === from) ? !writes.has(from) : declared.has(from) && writes.get(from) === 1);
    if (!call || from === name || !once || !MEMBER.test(src(call.member))) continue;
    out.set(name, { of: call.of, member: src(call.member) });
  }
  return out;
}

/**
 * A lock argument through a container local, named from the variable it was made from: with
 * `s = container_of(ipcp, struct seg, perm)`, `&s->perm` is `ipcp` itself, so `&s->perm.lock` is
 * `&ipcp->lock` and `s->perm.lock` is `ipcp->lock`, as a caller that hands `&s->perm` and a callee
 * that takes `ipcp` both name it. Other members of the container keep the local's name.
 */
export function throughContainers(text: string, containers: ReadonlyMap<string, { of: string; member: string }>): string {
  if (!containers.size) return text;
  const m = /^([&*]?)\(?([A-Za-z_]\w*)\)?->([\w.]+)((?:\.|->)[\s\S]*)?$/.exec(text);
  const c = m && containers.get(m[2]);
  if (!m || !c) return text;
  const rest = m[3] === c.member ? m[4] ?? '' : m[3].startsWith(`${c.member}.`) ? m[3].slice(c.member.length) + (m[4] ?? '') : undefined;
  if (rest === undefined || rest.startsWith('->')) return text;
  // `&s->perm` is the variable itself; `s->perm` the object it points at; `s->perm.x` a member of that.
  if (!rest) return m[1] === '&' ? c.of : m[1] === '*' ? text : `*${c.of}`;
  return `${m[1]}${c.of}->${rest.slice(1)}`;
}

/**
 * `dev = obj->dev` at the top of the body, with every use of `dev` before `obj` is first written
 * (and that write in no loop, and no label in between that a goto could come back to): `dev` is
 * the entry value's field on every path, so it is named by the parameter's path, as the caller
 * passed it (`drm_gem_handle_create_tail()` unlocks `dev->object_name_lock`, then reuses `obj`).
 */
function entryValue(scan: Writes, fn: FunctionInfo, local: string, param: string): boolean {
  if (!fn.params.some((p) => p.name === param)) return false;
  const declared = scan.topLevel.get(local);
  const write = scan.firstWrite.get(param);
  const used = scan.lastUse.get(local);
  if (declared === undefined || !write || write.inLoop || used === undefined) return false;
  return declared < write.at && used < write.at && !scan.labels.some((l) => l > declared && l < write.at);
}

/**
 * `NULL` or `0`: not a value a lock is reached through. A local that is NULL or
 * one path (`parent = NULL; if (!IS_ROOT(d)) parent = d->d_parent;`) is that
 * path wherever a lock is reached through it.
 */
function isNull(text: string): boolean {
  return /^(NULL|0|\(void\s*\*\)\s*0)$/.test(text);
}

/** One scan per function: its stable locals and its written parameters both read it (summaries ask again every round). */
const scanned = new WeakMap<FunctionInfo, Writes>();

function scanWrites(file: ParsedFile, fn: FunctionInfo): Writes {
  const known = scanned.get(fn);
  if (known) return known;
  const result = scanBody(file, fn);
  scanned.set(fn, result);
  return result;
}

function scanBody(file: ParsedFile, fn: FunctionInfo): Writes {
  const src = (n: SNode) => file.text.slice(n.start, n.end);
  const writes = new Map<string, number>();
  const value = new Map<string, SNode>();
  const declared = new Set<string>();
  const fieldWrites: string[] = [];
  const addressed = new Set<string>();
  const firstWrite = new Map<string, { at: number; inLoop: boolean }>();
  const lastUse = new Map<string, number>();
  const topLevel = new Map<string, number>();
  const labels: number[] = [];
  const loops: SNode[] = [];
  const wrote = (name: string, at?: SNode) => {
    writes.set(name, (writes.get(name) ?? 0) + 1);
    if (at && !firstWrite.has(name)) firstWrite.set(name, { at: at.start, inLoop: loops.some((l) => l.start <= at.start && at.end <= l.end) });
  };
  walk(fn.body, (n) => {
    if (n.type === 'identifier') lastUse.set(src(n), n.start);
    else if (n.type === 'labeled_statement') labels.push(n.start);
    else if (n.type === 'for_statement' || n.type === 'while_statement' || n.type === 'do_statement') loops.push(n);
    if (n.type === 'init_declarator') {
      const name = declaratorName(n, src);
      const v = field(n, 'value');
      if (name) {
        declared.add(name);
        if (!v || !isNull(src(unparen(v)))) wrote(name);
        if (v && !isNull(src(unparen(v)))) value.set(name, unparen(v));
        if (v && n.parent?.type === 'declaration' && n.parent.parent === fn.body) topLevel.set(name, n.start);
      }
    } else if (n.type === 'declaration') {
      for (const d of n.children) if (d.field === 'declarator' && d.type !== 'init_declarator') {
        const name = declaratorName(d, src);
        if (name) declared.add(name);
      }
    } else if (n.type === 'assignment_expression' || n.type === 'update_expression') {
      const target = field(n, n.type === 'assignment_expression' ? 'left' : 'argument');
      const t = target ? unparen(target) : undefined;
      if (t?.type === 'identifier') {
        const v = n.type === 'assignment_expression' && operator(n) === '=' ? field(n, 'right') : undefined;
        if (v && isNull(src(unparen(v)))) return true;
        wrote(src(t), n);
        if (v) value.set(src(t), unparen(v));
        else value.delete(src(t));
      } else if (t) fieldWrites.push(canon(src(t)));
    } else if (n.type === 'pointer_expression' && operator(n) === '&') {
      // A local whose address is taken may be written anywhere.
      const arg = field(n, 'argument');
      if (arg && unparen(arg).type === 'identifier') {
        writes.set(src(unparen(arg)), 2);
        addressed.add(src(unparen(arg)));
      }
    }
    return true;
  });
  return { writes, addressed, value, declared, fieldWrites, firstWrite, lastUse, topLevel, labels };
}

/** `a`, `a->b`, `a->b[i - 1].c`: fields and simple indexes from a variable, nothing that calls or writes. */
function isPlainPath(n: SNode): boolean {
  if (n.type === 'identifier') return true;
  if (n.type === 'field_expression') {
    const arg = field(n, 'argument');
    return !!arg && isPlainPath(unparen(arg));
  }
  if (n.type === 'subscript_expression') {
    const arg = field(n, 'argument');
    const index = field(n, 'index');
    let plain = !!index;
    if (index) walk(index, (x) => {
      if (x.type === 'call_expression' || x.type === 'assignment_expression' || x.type === 'update_expression') plain = false;
      return plain;
    });
    return plain && !!arg && isPlainPath(unparen(arg));
  }
  return false;
}

/**
 * `ei = EXT4_I(inode)`: a pure function of plain paths (an accessor, a container_of() in a
 * function), which names the same object for every caller that asks it of the same paths, as
 * `ubifs_inode(inode)->ui_mutex` written out does. (container_of() itself names a type: not a path.)
 */
function isAccessorCall(file: ParsedFile, v: SNode, knowledge: Knowledge, isAccessor: (callee: string) => boolean): boolean {
  if (v.type !== 'call_expression') return false;
  const callee = calleeName(file, v);
  if (!callee || !isAccessor(callee) || knowledge.calls.memberToContainer.has(callee)) return false;
  const args = callArgs(v).map(unparen);
  return args.length > 0 && args.every(isPlainPath);
}

/** The text with each stable local replaced by the path it stands for. */
export function throughLocals(text: string, locals: ReadonlyMap<string, string>): string {
  if (!locals.size) return text;
  return text.replace(VAR, (v) => locals.get(v) ?? v);
}

/**
 * The lock an annotation (`__must_hold(&port_dev->status_lock)`) names, as the walk names it.
 * An argument the body hands as it is to lock primitives (`pointers`: `__releases(hwep->lock)`
 * over `spin_unlock(hwep->lock)`) names the lock it points at. So does every argument of an
 * assertion (`address`): lockdep_assert_held(l) reads `(l)->dep_map`, so `l` is the lock's address
 * (`lockdep_assert_held(q->lock_ptr)` asserts `*q->lock_ptr`, as `spin_lock(q->lock_ptr)` takes it).
 */
export function annotationInst(arg: string, locals: ReadonlyMap<string, string>, pointers?: ReadonlySet<string>, address = false): string {
  const t = arg.trim();
  return throughLocals(applyPath('$', address || t.startsWith('&') || pointers?.has(canon(t)) ? t : `&${t}`), locals);
}

/** The lock one annotation names (annotationInst), its argument read as an address when the annotation is an assertion. */
export function annotationLock(ann: Annotation, locals: ReadonlyMap<string, string>, pointers?: ReadonlySet<string>): string {
  return annotationInst(ann.args[0], locals, pointers, ann.kind === 'lockdep_assert_held');
}

/** Whether the body's first lock primitive on `inst`, in the order it is written, takes or gives it back. */
export function firstOperation(file: ParsedFile, fn: FunctionInfo, knowledge: Knowledge, inst: string, locals: ReadonlyMap<string, string>): 'acquire' | 'release' | undefined {
  let first: 'acquire' | 'release' | undefined;
  operationsOn(file, fn, knowledge, inst, locals, (op) => ((first = op), true));
  return first;
}

/** Whether the body takes the lock itself with a primitive (a try included), anywhere. */
export function takenInBody(file: ParsedFile, fn: FunctionInfo, knowledge: Knowledge, inst: string, locals: ReadonlyMap<string, string>): boolean {
  let taken = false;
  operationsOn(file, fn, knowledge, inst, locals, (op) => (taken = op === 'acquire'));
  return taken;
}

/** The body's lock primitives on `inst`, in the order they are written (a try as a take), until `visit` says it has its answer. */
function operationsOn(file: ParsedFile, fn: FunctionInfo, knowledge: Knowledge, inst: string, locals: ReadonlyMap<string, string>, visit: (op: 'acquire' | 'release') => boolean): void {
  let done = false;
  walk(fn.body, (n) => {
    if (done) return false;
    if (n.type !== 'call_expression') return true;
    const p = knowledge.primitives.get(calleeName(file, n) ?? '');
    const arg = p && p.arg >= 0 ? callArgs(n)[p.arg] : undefined;
    if (arg && annotationInst(file.text.slice(arg.start, arg.end), locals) === inst) done = visit(p!.op === 'release' ? 'release' : 'acquire');
    return true;
  });
}

/** By knowledge and function: the engine's entry locks and every walk of an annotated function ask it, each walk again. */
const pointersCache = new WeakMap<Knowledge, WeakMap<FunctionInfo, PassedPointers>>();

/** Arguments the body hands as they are (no `&`): to lock primitives, and to other calls by argument index. */
interface PassedPointers {
  toPrimitives: ReadonlySet<string>;
  toCalls: ReadonlyArray<{ callee: string; index: number; text: string }>;
}

/**
 * Arguments handed as they are to lock primitives in the body (`spin_lock(hwep->lock)`), or to
 * a function whose summary locks through that parameter (`pte_unmap_unlock(pte, vmf->ptl)`
 * around `spin_unlock(ptl)`): pointers to locks.
 */
export function lockPointersPassed(file: ParsedFile, fn: FunctionInfo, knowledge: Knowledge, summaries?: ReadonlyMap<string, FunctionSummary>): ReadonlySet<string> {
  const byFn = pointersCache.get(knowledge) ?? new WeakMap<FunctionInfo, PassedPointers>();
  pointersCache.set(knowledge, byFn);
  let known = byFn.get(fn);
  if (!known) byFn.set(fn, (known = findPassedPointers(file, fn, knowledge)));
  const throughCallee = summaries ? known.toCalls.filter((c) => locksThroughParam(summaries.get(c.callee), c.index)) : [];
  return throughCallee.length ? new Set([...known.toPrimitives, ...throughCallee.map((c) => c.text)]) : known.toPrimitives;
}

/** Whether a summary takes or gives back the lock its parameter points at (`*$`), itself or in a helper. */
function locksThroughParam(s: FunctionSummary | undefined, index: number): boolean {
  return !!s && [...s.effects, ...s.takes].some((e) => e.ref.param === index && e.ref.path === '*$');
}

function findPassedPointers(file: ParsedFile, fn: FunctionInfo, knowledge: Knowledge): PassedPointers {
  const toPrimitives = new Set<string>();
  const toCalls: Array<{ callee: string; index: number; text: string }> = [];
  walk(fn.body, (n) => {
    if (n.type !== 'call_expression') return true;
    const callee = calleeName(file, n) ?? '';
    const prim = knowledge.primitives.get(callee);
    const args = callArgs(n);
    if (prim) {
      const text = prim.arg >= 0 && args[prim.arg] ? canon(file.text.slice(args[prim.arg].start, args[prim.arg].end)) : '';
      if (text && !text.startsWith('&')) toPrimitives.add(text);
      return true;
    }
    args.forEach((a, index) => {
      const text = canon(file.text.slice(a.start, a.end));
      if (MEMBER_PATH.test(text)) toCalls.push({ callee, index, text });
    });
    return true;
  });
  return { toPrimitives, toCalls };
}

/** Each lock annotation's lock as the walk names it (a pointer the body hands to primitives, or to a helper locking through it, is the lock it points at). */
export function annotationNames(file: ParsedFile, fn: FunctionInfo, knowledge: Knowledge, locals: ReadonlyMap<string, string>, summaries?: ReadonlyMap<string, FunctionSummary>): Map<Annotation, string> {
  const anns = fn.annotations.filter((a) => a.args[0]);
  if (!anns.length) return new Map();
  const pointers = lockPointersPassed(file, fn, knowledge, summaries);
  // (`__acquires(RCU)`: sparse's name of a context, the context as its primitive names it.)
  return new Map(anns.map((a) => [a, knowledge.annotationContexts.get(a.args[0].trim()) ?? annotationLock(a, locals, pointers)]));
}

/** An annotation's lock as the function's walk named it. */
export function annotatedLock(a: { annotated: ReadonlyMap<Annotation, string>; locals: ReadonlyMap<string, string> }, ann: Annotation): string {
  return a.annotated.get(ann) ?? annotationLock(ann, a.locals);
}

/** Whether the function declares `__releases` of this lock (as its walk names it). */
export function declaresRelease(a: { fn: FunctionInfo; annotated: ReadonlyMap<Annotation, string>; locals: ReadonlyMap<string, string> }, inst: string): boolean {
  return a.fn.annotations.some((x) => x.kind === '__releases' && !!x.args[0] && annotatedLock(a, x) === inst);
}
