/**
 * lock/unguarded-access: a field read or written without the lock that
 * guards it. The guard is inferred only from strong evidence: a lock of the
 * field's struct held at three or more accesses (counting locks held on
 * entry), at least one of them a write, and at most other accesses.
 * Not accesses: `&p->field` handed on, lockless accessors (`READ_ONCE()`,
 * atomics, RCU), and objects not shared yet or any more (allocated here, or
 * freed here). Reported only in callbacks (functions whose address is taken,
 * or static ones nothing in view calls: sysfs show/store, ops methods), which
 * run with none of our locks held; a
 * helper's accesses count with the locks its callers hold. One finding per
 * function and field.
 */
import { field, operator, unparen, walk, type SNode } from '../../syntax';
import { calleeName, callArgs } from '../../syntax/kernelIdioms';
import type { FunctionAnalysis } from '../../locks/explore';
import { assignedTo } from '../../locks/expr';
import { ALLOCATORS, DEALLOCATORS, LOCKLESS_ACCESSORS } from '../../locks/knowledge';
import { finding, linesPhrase, type Rule } from '../context';
import type { Finding } from '../types';

/** Share of all accesses that must hold the lock for it to count as the field's guard. */
const GUARD_SHARE = 0.75;
const MIN_GUARDED = 3;

interface Access {
  a: FunctionAnalysis;
  line: number;
  expr: string;
  write: boolean;
  guards: Set<string>;
}

export const unguardedAccess: Rule = {
  id: 'lock/unguarded-access',
  title: 'A field is accessed without the lock that guards it elsewhere',
  severity: 'warning',
  check(ctx) {
    const byField = new Map<string, Access[]>();
    for (const a of ctx.analyses) {
      const env = ctx.engine.envs.get(a.fn.name);
      if (!env) continue;
      const privateObjects = unsharedObjects(a);
      walk(a.fn.body, (n) => {
        if (n.type === 'call_expression') {
          const callee = calleeName(a.file, n) ?? '';
          if (ctx.engine.table.primitives.has(callee) || LOCKLESS_ACCESSORS.test(callee)) return false;
        }
        if (n.type !== 'field_expression' || operator(n) !== '->' || addressTaken(n)) return true;
        const obj = field(n, 'argument');
        const f = field(n, 'field');
        if (!obj || !f || unparen(obj).type !== 'identifier') return true;
        const name = a.file.text.slice(unparen(obj).start, unparen(obj).end);
        if (privateObjects.has(name)) return true;
        const type = env.get(name)?.typeName;
        if (!type) return true;
        const line = a.file.lines.line(n.start);
        const state = a.lines.get(line);
        if (!state) return true;
        const key = `${type}.${a.file.text.slice(f.start, f.end)}`;
        const guards = state.mustClasses;
        const list = byField.get(key) ?? [];
        list.push({ a, line, expr: a.file.text.slice(n.start, n.end), write: isWrite(n), guards });
        byField.set(key, list);
        return true;
      });
    }
    const out: Finding[] = [];
    for (const [key, accesses] of byField) {
      const owner = key.slice(0, key.indexOf('.'));
      const counts = new Map<string, number>();
      for (const acc of accesses) for (const g of acc.guards) if (g.startsWith(owner + '.')) counts.set(g, (counts.get(g) ?? 0) + 1);
      // The field's guard is the lock of its struct held at the most accesses.
      const best = [...counts].sort((x, y) => y[1] - x[1])[0];
      if (!best) continue;
      const [guard, n] = best;
      const guardedAt = accesses.filter((x) => x.guards.has(guard));
      const bare = accesses.filter((x) => !x.guards.has(guard));
      if (n < MIN_GUARDED || n / accesses.length < GUARD_SHARE || !bare.length || !guardedAt.some((x) => x.write)) continue;
      const byFunction = new Map<FunctionAnalysis, Access[]>();
      // Only where nobody's lock can be assumed: a callback that a registry (sysfs, an ops table) calls.
      for (const x of bare) if (entryPoint(x.a)) byFunction.set(x.a, [...(byFunction.get(x.a) ?? []), x]);
      for (const [a, list] of byFunction) {
        const lines = [...new Set(list.map((x) => x.line))];
        const writes = list.some((x) => x.write);
        out.push(
          finding({
            rule: 'lock/unguarded-access',
            subject: { lock: guard, variable: key },
            // Callers we cannot see may hold it: said, not warned.
            severity: a.context === 'unknown' && !a.fn.isStatic ? 'info' : 'warning',
            file: a.file.path,
            line: lines[0],
            function: a.fn.name,
            message: `${list[0].expr} is ${writes ? 'written' : 'read'} without ${guard} at ${linesPhrase(lines)}, in ${a.fn.name}(), ${entryPoint(a)} that runs with none of these locks held; ${guard} is held at ${n} of the ${accesses.length} accesses to ${key} in this code, writes included`,
            related: guardedAt.slice(0, 4).map((g) => ({ file: g.a.file.path, line: g.line, message: `${g.a.fn.name}() ${g.write ? 'writes' : 'reads'} ${g.expr} with ${guard} held` })),
            suggestion: `Hold ${guard} around this access, as the other accesses do, or mark it lockless with READ_ONCE()/WRITE_ONCE() and say why it is safe.`,
          }),
        );
      }
    }
    return out;
  },
};

/**
 * Where nothing in view holds a lock for the function: a callback (its address
 * is taken), or a static function nothing in view calls (registered by a macro,
 * like a sysfs show). Undefined for the others.
 */
function entryPoint(a: FunctionAnalysis): string | undefined {
  if (a.context === 'callback') return 'a callback (its address is taken)';
  if (a.context === 'unknown') return a.fn.isStatic ? 'a static function nothing in view calls (a callback registered elsewhere)' : 'a function callers outside this file may call';
  return undefined;
}

function isWrite(n: SNode): boolean {
  const p = n.parent;
  return !!p && ((p.type === 'assignment_expression' && field(p, 'left') === n) || p.type === 'update_expression');
}

/** `&p->field` (or `&p->a.b`): the field's address handed on, not an access. */
function addressTaken(n: SNode): boolean {
  let top = n;
  while (top.parent?.type === 'field_expression' && operator(top.parent) === '.') top = top.parent;
  const p = top.parent;
  return !!p && p.type === 'pointer_expression' && operator(p) === '&';
}

/**
 * Objects no other thread can reach while this function uses them: allocated
 * here (not published yet) or freed here (unpublished before).
 */
function unsharedObjects(a: FunctionAnalysis): Set<string> {
  const out = new Set<string>();
  const text = a.file.text;
  walk(a.fn.body, (n) => {
    if (n.type === 'call_expression') {
      const callee = calleeName(a.file, n) ?? '';
      if (DEALLOCATORS.test(callee)) {
        const arg = callArgs(n)[0];
        if (arg && unparen(arg).type === 'identifier') out.add(text.slice(unparen(arg).start, unparen(arg).end));
      } else if (ALLOCATORS.test(callee)) {
        const target = assignedTo(n, text);
        if (target) out.add(target);
      }
    }
    return true;
  });
  return out;
}
