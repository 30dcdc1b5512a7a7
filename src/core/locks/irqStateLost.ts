/**
 * A lock taken with `spin_lock_irqsave(lock, flags)` into a local `flags` that nothing else reads
 * is the function's own to give back: once it returns, the saved interrupt state is gone, and no
 * caller can restore it. So a path that returns holding such a lock does not hand it over (a lock
 * wrapper, a try helper, a function only other files call): it leaves it held, with interrupts off.
 * A state saved through a pointer (`*flags`), in a member (`port->flags`), or copied out of the local
 * before the return (`*flagsp = flags`) is the caller's to restore.
 */
import { walk, type SNode } from '../syntax';
import { calleeName } from '../syntax/kernelIdioms';
import type { Knowledge } from '../knowledge';
import type { FunctionAnalysis, PathEnd } from './explore';
import { acquiredAt } from './handOff';

/** The local every holding end saved the lock's interrupt state in, when nothing but lock calls reads it. */
export function lostIrqState(a: FunctionAnalysis, held: readonly PathEnd[], inst: string, knowledge: Knowledge): string | undefined {
  const saved = new Set(held.map((e) => acquiredAt(e, inst)?.irqsSavedIn));
  const name = saved.size === 1 ? [...saved][0] : undefined;
  if (!name || !/^[A-Za-z_]\w*$/.test(name) || a.fn.params.some((p) => p.name === name)) return undefined;
  let declared = false;
  let readElsewhere = false;
  walk(a.fn.body, (n) => {
    if (readElsewhere) return false;
    if (n.type !== 'identifier' || a.file.text.slice(n.start, n.end) !== name) return true;
    if (declaredHere(n)) declared = true;
    else if (!inPrimitiveCall(n, a, knowledge)) readElsewhere = true;
    return false;
  });
  return declared && !readElsewhere ? name : undefined;
}

/** The identifier is the name a declaration in the body introduces (`unsigned long flags;`). */
function declaredHere(n: SNode): boolean {
  let p = n.parent;
  while (p && (p.type === 'init_declarator' || p.type === 'pointer_declarator' || p.type === 'array_declarator')) p = p.parent;
  return p?.type === 'declaration' && n.field !== 'value';
}

/** The identifier is an argument of a lock primitive's call (`spin_lock_irqsave(&l, flags)`, `local_irq_restore(flags)`). */
function inPrimitiveCall(n: SNode, a: FunctionAnalysis, knowledge: Knowledge): boolean {
  const call = n.parent?.type === 'argument_list' ? n.parent.parent : undefined;
  return call?.type === 'call_expression' && knowledge.primitives.has(calleeName(a.file, call) ?? '');
}
