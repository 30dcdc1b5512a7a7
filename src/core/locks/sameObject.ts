/**
 * One lock, two names. The kernel often reaches the object it locked under
 * another name later, or in a callee: `inode = dentry->d_inode` locked as
 * `inode->i_lock` and released by a helper as `dentry->d_inode->i_lock`;
 * a parent locked through a local and released as `dentry->d_parent->d_lock`.
 * A release of a name that is not held, when exactly one lock of its class is
 * held and either name goes through a local whose value is not one fixed
 * path, releases that lock: code does not give back what it does not
 * hold. The one held must be one this function took: what its callers hold
 * on entry is known only in part, so a caller's lock of the class may be the one
 * released. Two names written from the function's parameters or globals
 * (`a->lock` held, `b->lock` released; `a->parent->lock`, `b->parent->lock`)
 * are told apart, so unlocking the wrong one of two objects is still a finding.
 */
import type { FunctionInfo, ParsedFile } from '../syntax';
import { instVars, isMemberPath, MEMBER_PATH } from './identity';
import { isGlobalName, type Knowledge } from '../knowledge';
import { takenOnPath } from './state';

export interface NamedHold {
  inst: string;
  cls: string;
  detached?: boolean;
  origin: string;
  movedFrom?: string;
}

/** The held lock a release of `inst` (of class `cls`) gives back under another name, if that is the only reading. */
export function sameObjectHeld<T extends NamedHold>(inst: string, cls: string, held: readonly T[], isRoot: (name: string) => boolean): T | undefined {
  // An unknown class is the instance's own text: nothing else can share it.
  if (cls === inst) return undefined;
  // A name through a place written since the hold's copy of it was made names another object.
  const candidates = held.filter((h) => !h.detached && h.cls === cls && h.inst !== inst && !(h.movedFrom && isMemberPath(inst, h.movedFrom)));
  if (candidates.length !== 1) return undefined;
  const [h] = candidates;
  // Only a lock taken here: what callers hold on entry is known only in part.
  if (h.origin !== 'acquired') return undefined;
  return loose(inst, isRoot) || loose(h.inst, isRoot) ? h : undefined;
}

/** A lock path as a root variable and the members after it (`req->dev->res->req_lock`). */
function splitPath(inst: string): { root: string; members: string[] } | undefined {
  if (!MEMBER_PATH.test(inst)) return undefined;
  const [root, ...members] = inst.split(/(?=->|\.)/);
  return { root, members };
}

/**
 * The caller's hold a callee's lock is, named at the call through another object that leads to
 * the same one (`req->dev->res->req_lock` for the caller's `dev->res->req_lock`, the request
 * handed on belonging to the device the caller locked through). The caller's one hold of the
 * class, when the two names end alike, one starting at a variable and the other at a member of
 * a variable of another type (the request's device, for the device itself). A name reached
 * from the caller's own locked object (`res->parent->req_lock` for `res->req_lock`), or from a
 * second variable of the same type (`other->res` for `dev->res`), names another lock.
 */
export function heldThroughOwner<T extends NamedHold>(there: string, cls: string, held: readonly T[], typeOf: (name: string) => string | undefined): T | undefined {
  if (cls === there) return undefined;
  const candidates = held.filter((h) => !h.detached && h.cls === cls && h.inst !== there);
  if (candidates.length !== 1) return undefined;
  const [h] = candidates;
  if (!takenOnPath(h)) return undefined;
  const [mine, theirs] = [splitPath(h.inst), splitPath(there)];
  if (!mine || !theirs || mine.root === theirs.root) return undefined;
  let same = 0;
  while (same < mine.members.length && same < theirs.members.length && mine.members[mine.members.length - 1 - same] === theirs.members[theirs.members.length - 1 - same]) same++;
  const [mineBase, theirsBase] = [mine.members.length - same, theirs.members.length - same];
  // One name starts at the object itself, the other reaches it through a member.
  if (!same || Math.min(mineBase, theirsBase) !== 0 || Math.max(mineBase, theirsBase) === 0) return undefined;
  const [rootType, otherType] = [typeOf(mine.root), typeOf(theirs.root)];
  return rootType && otherType && rootType !== otherType ? h : undefined;
}

/**
 * Our hold that a lock a callee drops is. A callee drops only what it was called holding, so
 * when no hold has the name its argument gives, the one hold of the lock's class is it
 * (`iclog->ic_log->l_icloglock` dropped in a helper, `log->l_icloglock` held by its caller).
 */
export function droppedHold<T extends NamedHold>(name: string, cls: string, held: readonly T[]): T | undefined {
  const byName = held.find((h) => h.inst === name && !h.detached);
  if (byName) return byName;
  const ofClass = held.filter((h) => !h.detached && h.cls === cls);
  if (ofClass.length === 1) return ofClass[0];
  // A class the types in view did not give on one side (`ipr_cmnd.ioa_cfg.host.host_lock` for
  // `*ipr_cmd->ioa_cfg->host->host_lock`): the one hold reached through a member of the same name
  // (`*cmd->device->host->host_lock`), unless the types say that one is of another class.
  const member = lastMember(name);
  const ofMember = member ? held.filter((h) => !h.detached && lastMember(h.inst) === member && !(RESOLVED_CLASS.test(cls) && RESOLVED_CLASS.test(h.cls))) : [];
  return ofMember.length === 1 ? ofMember[0] : undefined;
}

/** A lock class the types resolved to one struct's field (`Scsi_Host.host_lock`). */
const RESOLVED_CLASS = /^[A-Za-z_]\w*\.[A-Za-z_]\w*$/;

/** The last member of a lock path, with its dereference: `*->host_lock`; undefined for a bare name. */
export function lastMember(inst: string): string | undefined {
  const m = /^(\*?)[\s\S]*(?:->|\.)([A-Za-z_]\w*)$/.exec(inst);
  return m ? `${m[1]}->${m[2]}` : undefined;
}

/** A name reached through a local whose value is not one fixed path (stable locals are already spelled as their path). */
export function loose(inst: string, isRoot: (name: string) => boolean): boolean {
  return instVars(inst).some((v) => !isRoot(v));
}

/** A parameter or global of the function: a name fixed on entry. */
export function rootOf(fn: FunctionInfo, file: ParsedFile, knowledge: Knowledge): (name: string) => boolean {
  return (name) => fn.params.some((p) => p.name === name) || isGlobalName(knowledge, file.globals, name);
}
