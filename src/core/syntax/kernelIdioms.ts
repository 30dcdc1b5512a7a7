/**
 * Recognisers for kernel idioms in the converted tree, shared by the CFG,
 * the lock engine and the simulator.
 */
import { field, named, unparen, type SNode } from './node';
import type { ParsedFile } from './model';

export interface GuardStatement {
  guardClass: string;
  args: SNode[];
  node: SNode;
}

/** `guard(mutex)(&group->mutex);` as an expression statement. */
export function guardStatement(file: ParsedFile, stmt: SNode): GuardStatement | undefined {
  if (stmt.type !== 'expression_statement') return undefined;
  const call = named(stmt)[0];
  if (!call || call.type !== 'call_expression') return undefined;
  const inner = field(call, 'function');
  if (!inner || inner.type !== 'call_expression') return undefined;
  const callee = field(inner, 'function');
  if (!callee || callee.type !== 'identifier' || file.text.slice(callee.start, callee.end) !== 'guard') return undefined;
  const cls = named(field(inner, 'arguments') ?? inner)[0];
  const args = field(call, 'arguments');
  if (!cls || !args) return undefined;
  return { guardClass: file.text.slice(cls.start, cls.end).trim(), args: named(args), node: stmt };
}

/** The callee name of a call expression when it is a plain identifier. */
export function calleeName(file: ParsedFile, call: SNode): string | undefined {
  const callee = field(call, 'function');
  if (!callee) return undefined;
  const c = unparen(callee);
  return c.type === 'identifier' ? functionKey(file, file.text.slice(c.start, c.end)) : undefined;
}

/** The function a name means in this file: its own static one when another file has one too. */
export function functionKey(file: ParsedFile, name: string): string {
  return file.renames?.get(name) ?? name;
}

/** Kept with the call: the lock walk asks again at every state that reaches it (shared, never written to). */
const argsCache = new WeakMap<SNode, readonly SNode[]>();

/** Argument expressions of a call. */
export function callArgs(call: SNode): readonly SNode[] {
  let known = argsCache.get(call);
  if (!known) {
    const args = field(call, 'arguments');
    argsCache.set(call, (known = args ? named(args).filter((a) => a.type !== 'comment') : []));
  }
  return known;
}

/** The member a designated initializer sets (`.open = foo_open`): its name node. */
export function designatedMember(pair: SNode): SNode | undefined {
  const designator = pair.children.find((c) => c.field === 'designator');
  return designator?.type === 'field_designator' ? designator.children.find((c) => c.named) : undefined;
}
