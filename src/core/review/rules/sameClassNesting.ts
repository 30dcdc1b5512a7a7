/**
 * lock/same-class-nesting: a second lock of one class taken while another
 * instance of that class is held, with no `_nested()` subclass: not a
 * deadlock by itself (they are different objects), but lockdep reports it
 * as a possible recursive lock, and two threads nesting them in opposite
 * orders do deadlock. It watches the walk's takes (locks/watch.ts). Where code in view gives the
 * two lockdep classes of their own (`lockdep_set_class()`, or a lock-init call of its own for each:
 * locks/initSites.ts), lockdep says nothing: a note.
 */
import { NESTABLE } from '../../locks/explore';
import { hierarchical } from '../../locks/walkSyntax';
import type { AcquireSeen, WatchedIncident, WatcherKind } from '../../locks/watch';
import { incidentFindings, type ReviewContext, type Rule } from '../context';
import type { RelatedLocation } from '../types';
import type { FunctionAnalysis } from '../../locks/explore';
import { distinctElementSites, distinctInitSites, lockInitSites, memberPath, type InitSites } from '../../locks/initSites';
import { addressLocals } from '../../locks/stablePaths';

const ID = 'lock/same-class-nesting';

/** Only two locks this function takes itself, both still named: what a reader sees nested here. */
const nestingWatcher: WatcherKind = {
  id: ID,
  create(_fn, _file, knowledge) {
    const kept: Array<WatchedIncident & { cls: string }> = [];
    return {
      acquire(seen: AcquireSeen) {
        // Taken by a callee, only tried, or annotated as a subclass: nothing to say here.
        if (seen.viaSummary || seen.trylock || seen.meta.nested || NESTABLE.has(seen.meta.kind)) return;
        // Unvalidated classes nest by design; a lock lockdep keeps no class for draws no report.
        if (knowledge.novalidateClasses.has(seen.cls) || seen.meta.untracked) return;
        for (const h of seen.held) {
          if (h.cls !== seen.cls || h.origin !== 'acquired' || h.detached || h.nested || NESTABLE.has(h.kind)) continue;
          // Two read sides nest fine; a child under its parent (`a->b` under `a`) is a hierarchy; a hold handed to code not in view may be gone.
          if ((h.shared && seen.meta.shared) || hierarchical(h.inst, seen.inst) || h.handedTo) continue;
          // Once per class and function: a ladder of twenty array elements is one remark, not one per pair.
          if (kept.some((k) => k.cls === seen.cls && (k.line !== seen.line || k.lock === h.inst))) continue;
          kept.push({
            cls: seen.cls,
            line: seen.line,
            lock: h.inst,
            taken: seen.inst,
            firstLine: h.line,
            chain: seen.chain,
            message: `${seen.text} takes ${seen.inst} while ${h.inst} of the same class ${seen.cls} is held (taken at line ${h.line}), without a _nested() annotation: lockdep reports this as a possible recursive deadlock`,
            events: seen.events(),
          });
        }
      },
      incidents: () => kept.map(({ cls: _cls, ...incident }) => incident),
    };
  },
};

export const sameClassNesting: Rule = {
  id: ID,
  title: 'Two locks of one class are nested without a _nested() annotation',
  severity: 'warning',
  watch: nestingWatcher,
  check(ctx) {
    const reclassed = reclassedClasses(ctx);
    let sites: InitSites | undefined;
    // Each of the two initialised by a call of its own, which gives it a lockdep class of its own.
    const ownSites = (inc: WatchedIncident, a: FunctionAnalysis) => {
      const env = ctx.engine.envs.get(a.fn.name);
      if (!env || !inc.taken) return undefined;
      sites ??= lockInitSites(ctx.engine.files, ctx.engine.envs, ctx.engine.knowledge);
      const locals = addressLocals(a.file, a.fn);
      const named = (inst: string) => memberPath(inst, env, locals);
      const [lock, taken] = [named(inc.lock), named(inc.taken)];
      return distinctInitSites(sites, a.classes.get(inc.lock) ?? '', lock, taken) ?? (lock === taken ? distinctElementSites(sites, lock, inc.lock, inc.taken) : undefined);
    };
    const otherClass = (inc: WatchedIncident, a: FunctionAnalysis) => {
      const by = reclassed.get(a.classes.get(inc.lock) ?? '');
      if (by) return { why: `${by.fn}() gives some of them a class of their own`, related: [{ file: by.file, line: by.line, message: `${by.fn}() gives locks of this class a lockdep class of their own` }] };
      const own = ownSites(inc, a);
      return own ? { why: `each is initialised by a call of its own, ${own[0].fn}() line ${own[0].line} and ${own[1].fn}() line ${own[1].line}, which gives it a class of its own`, related: own.map((s, k) => ({ file: s.file, line: s.line, message: `${k ? inc.taken : inc.lock} initialised here: a lockdep class of its own` })) } : undefined;
    };
    // Lockdep reports it only if the two are of one class, which code in view says they need not be: said, not warned.
    // (Asked once per incident: the finding's related places come with it.)
    const pick = (a: FunctionAnalysis) =>
      (a.watched.get(ID) ?? []).map((inc) => {
        const other = otherClass(inc, a);
        return other ? { ...inc, severity: 'info' as const, message: `${inc.message}, unless the two are of different lockdep classes (${other.why})`, other } : inc;
      });
    return incidentFindings(ctx, ID, 'warning', pick, (inc: WatchedIncident & { other?: { related: RelatedLocation[] } }, a) => {
      return {
        related: [
          ...(inc.firstLine ? [{ file: a.file.path, line: inc.firstLine, message: `the other ${inc.lock.replace(/^.*?(->|\.)/, '')} taken here` }] : []),
          ...(inc.other?.related ?? []),
        ],
        suggestion: `Take the inner lock with the _nested() variant (mutex_lock_nested(), spin_lock_nested() with SINGLE_DEPTH_NESTING) and keep one order between the two objects, for example by address or by hierarchy.`,
      };
    });
  },
};

/** Lock classes some function in view gives a lockdep class or subclass of their own (`lockdep_set_class()`), with where. */
function reclassedClasses(ctx: ReviewContext): Map<string, { file: string; line: number; fn: string }> {
  const out = new Map<string, { file: string; line: number; fn: string }>();
  for (const a of ctx.engine.analyses.values()) for (const [cls, line] of a.reclassed) if (!out.has(cls)) out.set(cls, { file: a.file.path, line, fn: a.fn.name });
  return out;
}
