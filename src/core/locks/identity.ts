/**
 * Lock identity. The instance is the lock object as written in a function
 * (`group->mutex`: `&group->mutex` and `group->mutex` are the same; a lock
 * reached through a pointer `m` is `*m`). The class is lockdep's view,
 * struct and field (`iommu_group.mutex`), found from declared types.
 */
import type { Knowledge, LockKind } from '../knowledge';
import { matchingParen } from '../syntax/brackets';
import { callKey, type TypeEnv } from './typeEnv';

/** A place written as a name and members from it (`cmd->se_dev`, `a.b->c`), nothing computed. */
export const MEMBER_PATH = /^[A-Za-z_]\w*(?:(?:->|\.)[A-Za-z_]\w*)*$/;

const PLAIN_PATH = '[A-Za-z_]\\w*(?:(?:->|\\.)[A-Za-z_]\\w*)*';
const DEREF_OF_ADDRESS = new RegExp(`(?<![\\w)\\]])\\(\\*\\(&(${PLAIN_PATH})\\)\\)`, 'g');
const DEREF_OF_ADDRESS_BARE = new RegExp(`\\*\\(&(${PLAIN_PATH})\\)(?!->|\\.|\\[)`, 'g');

/** Expression text without blanks and redundant outer parentheses. */
export function canon(text: string): string {
  let t = text.replace(/\s+/g, '');
  while (t.startsWith('(') && matchingParen(t, 0) === t.length - 1) t = t.slice(1, -1);
  t = t.replace(/\*&/g, '').replace(/&\*/g, '');
  // `(*(&b))->lock`, as a summary's out-parameter is named at a call handing `&b`: `b->lock`.
  if (t.includes('*(&')) t = t.replace(DEREF_OF_ADDRESS, '$1').replace(DEREF_OF_ADDRESS_BARE, '$1');
  return t;
}

/**
 * Applies a primitive's path to its argument: `$` is the lock's address
 * (`&group->mutex` -> `group->mutex`, `m` -> `*m`); `$->mutex` a field of
 * the pointed-to object (`dev` -> `dev->mutex`, `&pdev->dev` -> `pdev->dev.mutex`).
 */
export function applyPath(path: string, argText: string): string {
  if (!path.includes('$')) return path;
  const a = canon(argText);
  if (path === '$') return a.startsWith('&') ? canon(a.slice(1)) : `*${wrap(a)}`;
  const rest = path.slice(path.indexOf('$') + 1);
  if (a.startsWith('&') && rest.startsWith('->')) return canon(a.slice(1)) + '.' + rest.slice(2);
  return wrap(a) + rest;
}

/**
 * The name with its root path `from` written as `to` (`a->b.lock` with `a` as `x`
 * is `x->b.lock`; leading `&`, `*` and `(` kept; `acc(a)->lock` is `acc(x)->lock`), or
 * undefined when it does not start so.
 */
export function reroot(name: string, from: string, to: string): string | undefined {
  const m = /^([&*(]*)(.*)$/.exec(name)!;
  if (m[2] === from || isMemberPath(m[2], from)) return m[1] + to + m[2].slice(from.length);
  // Through an accessor of it (`ubifs_inode(inode)->ui_mutex`, a container_of): the accessor of the other.
  const call = /^([A-Za-z_]\w*\(\s*)([^()]*?)(\s*\)[\s\S]*)$/.exec(m[2]);
  return call && call[2] === from ? m[1] + call[1] + to + call[3] : undefined;
}

/** A path below `root`, through a member of it (`trans->flags` under `trans`, `a->b.c` under `a->b`). */
export function isMemberPath(path: string, root: string): boolean {
  return path.startsWith(`${root}->`) || path.startsWith(`${root}.`);
}

/** `name` reached through a member of `from` (`from->x`, `from.x`), re-rooted at `to`; undefined otherwise. */
export function rerootMember(name: string, from: string, to: string): string | undefined {
  return isMemberPath(name, from) ? to + name.slice(from.length) : undefined;
}

/** An expression as a path's root: parenthesised unless it is already a plain path. */
export function wrap(a: string): string {
  if (/^[\w>.\-[\]]+$/.test(a.replace(/->/g, '>'))) return a;
  // An accessor's answer (`UDF_I(inode)`, `dev2ser(d)->shared_int`) is a postfix expression already.
  const call = /^[A-Za-z_]\w*\(/.exec(a);
  const close = call ? matchingParen(a, call[0].length - 1) : -1;
  return close > 0 && /^(?:(?:->|\.)[A-Za-z_]\w*)*$/.test(a.slice(close + 1)) ? a : `(${a})`;
}

/** The variable a lock instance hangs from: `group` for `group->mutex`, `m` for `*m`, `rq` for `*(rq_lockp(rq))`. */
export function baseVar(inst: string): string | undefined {
  return instVars(inst)[0];
}

const VAR = /(?<![\w.>$])[A-Za-z_]\w*(?!\w)(?!\s*\()/g;

/** instVars() answers, by instance: the walk asks of the same few names at every assignment. Bounded. */
const instVarsMemo = new Map<string, readonly string[]>();
const INST_VARS_MEMO_MAX = 10_000;

/** The variables an instance is reached from (not fields, not called functions), in order (shared: never written to). */
export function instVars(inst: string): readonly string[] {
  let vars = instVarsMemo.get(inst);
  if (!vars) {
    if (instVarsMemo.size >= INST_VARS_MEMO_MAX) instVarsMemo.clear();
    instVarsMemo.set(inst, (vars = [...new Set(inst.match(VAR) ?? [])]));
  }
  return vars;
}

/** The lock class: `struct.field` when the owner's type is known, else the instance itself. */
export function lockClass(inst: string, env: TypeEnv, structs: Map<string, Map<string, string>>, knowledge: Knowledge, pointsTo?: ReadonlyMap<string, string>): string {
  const cls = fieldLockClass(inst, env, structs, knowledge);
  // `spin_lock(hwep->lock)` where the code set `hwep->lock = &ci->lock`: the lock it points at.
  return (inst.startsWith('*') && pointsTo?.get(cls)) || cls;
}

function fieldLockClass(inst: string, env: TypeEnv, structs: Map<string, Map<string, string>>, knowledge: Knowledge): string {
  const m = /^\*?\(?([A-Za-z_]\w*)(\([^()]*\))?\)?((?:(?:->|\.)[A-Za-z_]\w*)*)$/.exec(elementOf(inst));
  if (!m) return inst;
  const [, base, call, chain] = m;
  const fieldsOf = chain.split(/->|\./).filter(Boolean);
  // A path through a call (`to_mdev(ibdev)->lock`) starts from the struct the call returns.
  if (call && !fieldsOf.length) return inst;
  let type = env.get(call ? callKey(base) : base)?.typeName;
  if (!fieldsOf.length) {
    // A global lock (`iommu_probe_lock`) or a pointer to a lock (`*m`): name it by variable and type.
    return type && inst.startsWith('*') ? `${type}:${base}` : base;
  }
  if (!type) return inst;
  for (let k = 0; k < fieldsOf.length - 1; k++) {
    const next = fieldType(type, fieldsOf[k], structs, knowledge);
    if (!next) return `${type}.${fieldsOf.slice(k).join('.')}`;
    type = next;
  }
  return `${type}.${fieldsOf[fieldsOf.length - 1]}`;
}

/**
 * A lock named by the struct it is reached from and the members on the way, however much
 * of the way the types resolve (`hba->host->host_lock`: `ufs_hba.host.host_lock`, where its
 * class is `Scsi_Host.host_lock`): a lock the struct's own members lead to; through an accessor
 * (`to_k3_chan(chan)->vc.lock`), from the struct it answers. Undefined for a global, a path
 * through another call, or a root of unknown type.
 */
export function memberPathClass(inst: string, env: TypeEnv): string | undefined {
  const m = /^\*?\(?([A-Za-z_]\w*)(\([^()]*\))?\)?((?:(?:->|\.)[A-Za-z_]\w*)+)$/.exec(elementOf(inst));
  const type = m ? env.get(m[2] ? callKey(m[1]) : m[1])?.typeName : undefined;
  return m && type ? `${type}.${m[3].split(/->|\./).filter(Boolean).join('.')}` : undefined;
}

/**
 * An element of an array of locks is of the array's class, whatever the
 * index: `buckets[i].lock` and `buckets[0].lock` are `buckets.lock`;
 * `*(sb->rw_sem + level - 1)` is an element of `sb->rw_sem`, as `sb->rw_sem[level - 1]` is.
 */
export function elementOf(inst: string): string {
  const unindexed = inst.replace(/\[[^\][]*\]/g, '');
  const m = /^\*\(([A-Za-z_]\w*(?:(?:->|\.)[A-Za-z_]\w*)*)\s*[+-](?!>)[^()]*\)$/.exec(unindexed);
  return m ? m[1] : unindexed;
}

/** The file's declaration first, then what the knowledge says of well-known structs. */
export function fieldType(struct: string, field: string, structs: Map<string, Map<string, string>>, knowledge: Knowledge): string | undefined {
  return structs.get(struct)?.get(field) ?? knowledge.structFields.get(struct)?.get(field);
}

/** `LockRef.param` of a lock reached from the function's return value. */
export const RETURNED = -1;

/** A lock in terms of a function's parameters, for summaries: `$1->mutex` is the second parameter's mutex. */
export interface LockRef {
  /** Index of the parameter the lock hangs from (RETURNED: the returned pointer), or null for a global or unknown base. */
  param: number | null;
  /** The instance with the parameter replaced by `$`: `$->mutex`, `*$`; for globals, the instance. */
  path: string;
  cls: string;
}

/** A reference's identity as one text: the parameter it hangs from and the path. */
export function refKey(r: LockRef): string {
  return `${r.param}|${r.path}`;
}

export function toRef(inst: string, params: string[], cls: string): LockRef {
  const base = instVars(inst).find((v) => params.includes(v));
  if (!base) return { param: null, path: inst, cls };
  // Other parameters in the path (`$->ports[$1 - 1]`) are named by their index.
  return { param: params.indexOf(base), path: inst.replace(VAR, (v) => (v === base ? '$' : params.includes(v) ? `$${params.indexOf(v)}` : v)), cls };
}

/** The instance a summary's lock is at a call site with these argument texts; undefined if it cannot be named there. */
export function fromRef(ref: LockRef, args: string[], returnedTo?: string): string | undefined {
  if (ref.param === null) return ref.path;
  const arg = ref.param === RETURNED ? returnedTo : args[ref.param];
  if (arg === undefined) return undefined;
  const a = canon(arg);
  const p = ref.path;
  if (p === '*$') return a.startsWith('&') ? canon(a.slice(1)) : `*${wrap(a)}`;
  if (/\$\d/.test(p)) {
    const others = [...p.matchAll(/\$(\d+)/g)].map((m) => args[Number(m[1])]);
    if (others.some((o) => o === undefined)) return undefined;
  }
  const withOthers = p.replace(/\$(\d+)/g, (_, k: string) => wrap(canon(args[Number(k)])));
  if (withOthers.startsWith('$->') && a.startsWith('&')) return canon(a.slice(1)) + '.' + withOthers.slice(3);
  return canon(withOthers.replace(/\$/g, wrap(a)));
}

/** The kind of lock a class names, from the declared type of its field. */
export function kindOfClass(cls: string, structs: Map<string, Map<string, string>>, knowledge: Knowledge): LockKind {
  const [owner, fieldName] = cls.split('.');
  const type = (fieldName && fieldType(owner, fieldName, structs, knowledge)) || (fieldName ?? '');
  if (/spinlock|raw_spinlock/.test(type)) return 'spinlock';
  if (/rwlock/.test(type)) return 'rwlock';
  if (/rw_semaphore/.test(type)) return 'rwsem';
  if (/semaphore/.test(type)) return 'semaphore';
  return 'mutex';
}
