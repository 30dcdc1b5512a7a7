/** annotation/mismatch: a lock annotation (__must_hold, __releases, __acquires) that the code does not keep. */
import { typeEnvOf } from '../../locks/typeEnv';
import { isGlobalName } from '../../knowledge';
import { annotatedLock } from '../../locks/stablePaths';
import { canon, instVars } from '../../locks/identity';
import { walk, type Annotation } from '../../syntax';
import { calleeName, functionKey } from '../../syntax/kernelIdioms';
import { ANY_OPAQUE_CALL, type FunctionAnalysis, type PathEnd } from '../../locks/explore';
import { finding, linesPhrase, toTrace, type ReviewContext, type Rule } from '../context';
import type { Finding } from '../types';


/**
 * Whether an end keeps the annotation. Like sparse, `__acquires`/`__releases`
 * count: the annotated lock, or any lock taken (given back) here, keeps it;
 * so does handing the lock's object to code not in view, which may do it.
 */
function keeps(kind: string, inst: string, e: PathEnd, global: boolean): boolean {
  // A global lock (`cgroup_lock()` is `mutex_lock(&cgroup_mutex)` in a header) may be taken or dropped by any code not in view.
  const maybeElsewhere = instVars(inst).some((v) => e.opaque.has(v)) || (global && e.opaque.has(ANY_OPAQUE_CALL));
  if (kind === '__must_hold') return !e.releasedCaller.has(inst);
  if (kind === '__releases') return !e.held.some((h) => h.inst === inst && !h.handedTo) || e.releasedCaller.size > 0 || maybeElsewhere;
  if (kind === '__acquires') return e.held.some((h) => h.origin === 'acquired' || h.inst === inst) || maybeElsewhere;
  return true;
}

/** The marker statement, and the callee annotation, that change a context the way each annotation says. */
const MARKS: Record<string, { marker: string; annotation: string }> = {
  __releases: { marker: '__release', annotation: '__releases' },
  __acquires: { marker: '__acquire', annotation: '__acquires' },
};

/**
 * The function keeps the annotation the way sparse counts it: it marks the context itself
 * (`__release(agg_queue)`), or calls a function in view annotated so for the same context.
 * A context may be no lock at all (mac80211's `agg_queue`, a count of stopped queues).
 */
function sparseMarks(ctx: ReviewContext, a: FunctionAnalysis, kind: string, arg: string): boolean {
  const mark = MARKS[kind];
  if (!mark) return false;
  const says = (annotations: readonly Annotation[] | undefined, k: string) => !!annotations?.some((x) => x.kind === k && !!x.args[0] && canon(x.args[0]) === canon(arg));
  if (says(a.fn.contextMarks, mark.marker)) return true;
  let found = false;
  walk(a.fn.body, (n) => {
    if (found || n.type !== 'call_expression') return !found;
    const callee = calleeName(a.file, n);
    found = !!callee && says(ctx.engine.graph.functions.get(functionKey(a.file, callee))?.fn.annotations, mark.annotation);
    return !found;
  });
  return found;
}

/**
 * The contracts checked at the returns. `lockdep_assert_held()` is not one of them:
 * it checks the lock at the point it runs, and a function may assert its caller's
 * lock there and give it back later (ep_remove_file() returns with f_lock released).
 */
const SAYS: Record<string, (arg: string) => string> = {
  __must_hold: (arg) => `is annotated __must_hold(${arg}) but releases it before returning`,
  __releases: (arg) => `is annotated __releases(${arg}) but returns with it held`,
  __acquires: (arg) => `is annotated __acquires(${arg}) but returns without it`,
};

export const annotationMismatch: Rule = {
  id: 'annotation/mismatch',
  title: 'A lock annotation disagrees with the code',
  severity: 'warning',
  check(ctx) {
    const out: Finding[] = [];
    for (const a of ctx.analyses) {
      for (const ann of a.fn.annotations) {
        const says = SAYS[ann.kind];
        if (!ann.args[0] || !says || !a.ends.length) continue;
        const inst = annotatedLock(a, ann);
        // `__releases(x) __acquires(x)`: dropped and taken back, the same contract as __must_hold.
        const paired = (ann.kind === '__releases' || ann.kind === '__acquires') && a.fn.annotations.some((x) => x.kind === (ann.kind === '__releases' ? '__acquires' : '__releases') && !!x.args[0] && annotatedLock(a, x) === inst);
        const kind = paired ? '__must_hold' : ann.kind;
        // Named from neither a parameter nor a local: a global, declared here or elsewhere.
        const env = ctx.engine.envs.get(a.fn.name) ?? typeEnvOf(a.file, a.fn, ctx.engine.knowledge);
        const global = instVars(inst).every((v) => isGlobalName(ctx.engine.knowledge, a.file.globals, v) || !env.has(v));
        if (!paired && sparseMarks(ctx, a, ann.kind, ann.args[0])) continue;
        const bad = a.ends.filter((e) => !keeps(kind, inst, e, global));
        // A contract kept on some returns (the success path) is how the kernel annotates; one kept on none is wrong.
        if (!bad.length || (kind !== '__must_hold' && bad.length < a.ends.length)) continue;
        out.push(
          finding({
            rule: 'annotation/mismatch',
            subject: { lock: inst },
            severity: 'warning',
            file: a.file.path,
            line: bad[0].endLine,
            function: a.fn.name,
            message: `${a.fn.name}() ${says(ann.args[0])} (${linesPhrase(bad.map((e) => e.endLine))})`,
            related: [{ file: a.file.path, line: ann.line, message: `annotation ${ann.kind}(${ann.args[0]})` }],
            trace: toTrace(bad[0].events, a.file.path),
            suggestion: `Make every return keep the annotated contract, or correct the annotation.`,
          }),
        );
      }
    }
    return out;
  },
};
