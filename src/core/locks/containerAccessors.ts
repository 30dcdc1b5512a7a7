/**
 * Container accessors: functions whose whole body is `return container_of(p, struct t, m);` of
 * their parameter (`UDF_I()`, `to_fw_priv()`). Asked of `&x->m`, one answers `x` itself, so a
 * lock a callee names through its accessor (`to_fw_priv($)->fwc->lock` of a kref release handed
 * `&fw_priv->ref`) is the caller's `fw_priv->fwc->lock`.
 */
import type { CallGraph } from '../callgraph';
import type { Knowledge } from '../knowledge';
import { named, unparen, type FunctionInfo, type ParsedFile, type SNode } from '../syntax';
import { callArgs, calleeName } from '../syntax/kernelIdioms';
import { canon } from './identity';
import { stripCasts } from './walkSyntax';

/** The member a container accessor's argument points at (`vfs_inode`), or undefined for another function. */
export function containerAccessorMember(file: ParsedFile, fn: FunctionInfo, knowledge: Knowledge): string | undefined {
  const statements = named(fn.body);
  const ret = statements.length === 1 && statements[0].type === 'return_statement' ? named(statements[0])[0] : undefined;
  const call = ret && containerOfCall(file, stripCasts(unparen(ret)), knowledge);
  const m = call && canon(file.text.slice(call.member.start, call.member.end));
  return call && fn.params.some((p) => p.name === call.of) && m && MEMBER.test(m) ? m : undefined;
}

/** A member named as container_of() names it (`vfs_inode`, `node.list`). */
export const MEMBER = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/;

/** `container_of(of, struct t, member)` (or list_entry() and the like) of a variable: its name and the member's node. */
export function containerOfCall(file: ParsedFile, v: SNode, knowledge: Knowledge): { of: string; member: SNode } | undefined {
  if (v.type !== 'call_expression' || !knowledge.calls.memberToContainer.has(calleeName(file, v) ?? '')) return undefined;
  const [of, , member] = callArgs(v).map(unparen);
  return of?.type === 'identifier' && member ? { of: file.text.slice(of.start, of.end), member } : undefined;
}

/** The container accessors in view, with the member each one's argument points at. */
export function containerAccessors(graph: CallGraph, knowledge: Knowledge): Map<string, string> {
  const out = new Map<string, string>();
  for (const { fn, file } of graph.functions.values()) {
    const member = containerAccessorMember(file, fn, knowledge);
    if (member) out.set(fn.name, member);
  }
  return out;
}

/** `to_fw_priv(&fw_priv->ref)->fwc->lock` as `fw_priv->fwc->lock`: an accessor asked of its own member's address. */
export function collapseAccessors(text: string, accessors: ReadonlyMap<string, string>): string {
  if (!accessors.size || !text.includes('(&')) return text;
  return text.replace(/([A-Za-z_]\w*)\((\()?&([A-Za-z_][\w.>[\]-]*?)(?:->|\.)([A-Za-z_][\w.]*)(\))?\)/g, (all, name: string, open: string | undefined, path: string, member: string, close: string | undefined) =>
    accessors.get(name) === member && !open === !close ? path : all,
  );
}
