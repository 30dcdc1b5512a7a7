/**
 * Container accessors: functions whose whole body is `return container_of(p, struct t, m);` of
 * their parameter (`UDF_I()`, `to_fw_priv()`). Asked of `&x->m`, one answers `x` itself, so a
 * lock a callee names through its accessor (`to_fw_priv($)->fwc->lock` of a kref release handed
 * `&fw_priv->ref`) is the caller's `fw_priv->fwc->lock`.
 */
import type { CallGraph } from '../callgraph';
import type { Knowledge } from '../knowledge';
import { named, unparen, type FunctionInfo, type ParsedFile } from '../syntax';
import { callArgs, calleeName } from '../syntax/kernelIdioms';
import { canon } from './identity';
import { stripCasts } from './walkSyntax';

/** The member a container accessor's argument points at (`vfs_inode`), or undefined for another function. */
export function containerAccessorMember(file: ParsedFile, fn: FunctionInfo, knowledge: Knowledge): string | undefined {
  const statements = named(fn.body);
  const ret = statements.length === 1 && statements[0].type === 'return_statement' ? named(statements[0])[0] : undefined;
  const value = ret && stripCasts(unparen(ret));
  if (value?.type !== 'call_expression' || !knowledge.calls.memberToContainer.has(calleeName(file, value) ?? '')) return undefined;
  const [of, , member] = callArgs(value).map(unparen);
  const arg = of?.type === 'identifier' ? file.text.slice(of.start, of.end) : undefined;
  const m = member && canon(file.text.slice(member.start, member.end));
  return arg && fn.params.some((p) => p.name === arg) && m && /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/.test(m) ? m : undefined;
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
