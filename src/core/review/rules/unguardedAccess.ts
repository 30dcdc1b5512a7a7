/**
 * lock/unguarded-access: a field read or written without the lock that
 * guards it at most other places in the same file. The guard is inferred:
 * a lock of the same struct held at most (and at least two) other accesses.
 */
import { field, operator, unparen, walk, type SNode } from '../../syntax';
import { calleeName } from '../../syntax/kernelIdioms';
import type { FunctionAnalysis } from '../../locks/explore';
import { finding, type Rule } from '../context';
import type { Finding } from '../types';

/** Share of the other accesses that must hold a lock for it to count as the field's guard. */
const GUARD_SHARE = 0.6;
const MIN_GUARDED = 2;
/** Objects not yet (or no longer) shared: set-up and tear-down code touches fields freely. */
const PRIVATE_PHASE = /(?:^|_)(?:init|alloc|create|new|probe|setup|release|free|destroy|exit|remove)(?:_|$)/;

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
      walk(a.fn.body, (n) => {
        if (n.type === 'call_expression' && ctx.engine.table.primitives.has(calleeName(a.file, n) ?? '')) return false;
        if (n.type !== 'field_expression' || operator(n) !== '->') return true;
        const obj = field(n, 'argument');
        const f = field(n, 'field');
        if (!obj || !f || unparen(obj).type !== 'identifier') return true;
        const type = env.get(a.file.text.slice(unparen(obj).start, unparen(obj).end))?.typeName;
        if (!type) return true;
        const line = a.file.lines.line(n.start);
        const state = a.lines.get(line);
        if (!state) return true;
        const key = `${type}.${a.file.text.slice(f.start, f.end)}`;
        const guards = new Set([...(state.must ?? [])].map((inst) => a.classes.get(inst) ?? inst));
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
      for (const [guard, n] of best ? [best] : []) {
        const bare = accesses.filter((x) => !x.guards.has(guard) && !PRIVATE_PHASE.test(x.a.fn.name));
        const others = accesses.length - 1;
        if (n < MIN_GUARDED || n / Math.max(1, others) < GUARD_SHARE || !bare.length) continue;
        const guardedAt = accesses.filter((x) => x.guards.has(guard));
        const seen = new Set<string>();
        for (const x of bare) {
          const k = `${x.a.fn.name}|${x.line}`;
          if (seen.has(k)) continue;
          seen.add(k);
          out.push(
            finding({
              rule: 'lock/unguarded-access',
              severity: 'warning',
              file: x.a.file.path,
              line: x.line,
              function: x.a.fn.name,
              message: `${x.expr} is ${x.write ? 'written' : 'read'} without ${guard}, which is held at ${n} of the ${accesses.length} accesses to ${key} in this code`,
              related: guardedAt.slice(0, 4).map((g) => ({ file: g.a.file.path, line: g.line, message: `${g.a.fn.name}() accesses ${g.expr} with ${guard} held` })),
              suggestion: `Hold ${guard} around this access, as the other accesses do, or document why it is safe without it.`,
            }),
          );
        }
      }
    }
    return out;
  },
};

function isWrite(n: SNode): boolean {
  const p = n.parent;
  return !!p && ((p.type === 'assignment_expression' && field(p, 'left') === n) || p.type === 'update_expression');
}

