/**
 * Entry contexts: the locks a function runs with because every caller in view
 * holds them when calling it. Only a function nobody else can call (static,
 * its address never taken) has a known context; for the others the callers
 * we cannot see may hold anything.
 */
import { walk, type ParsedFile } from '../syntax';
import type { CallGraph } from '../callgraph';
import type { CallSiteRecord, FunctionAnalysis } from './explore';
import { NESTABLE } from './explore';
import { baseVar, canon } from './identity';
import type { Held } from './state';

/** Functions whose every caller is in view: static, called directly, and never used as a value. */
export function closedFunctions(graph: CallGraph, files: ParsedFile[]): Set<string> {
  const used = addressTaken(files, new Set(graph.functions.keys()));
  const out = new Set<string>();
  for (const [name, { fn }] of graph.functions) {
    if (!fn.isStatic || used.has(name)) continue;
    if (graph.callsTo(name).some((e) => e.kind === 'direct')) out.add(name);
  }
  return out;
}

/** Functions named anywhere other than as the callee of a call: callbacks, ops tables, pointers. */
function addressTaken(files: ParsedFile[], names: Set<string>): Set<string> {
  const out = new Set<string>();
  for (const f of files) {
    walk(f.root, (n) => {
      if (n.type !== 'identifier') return true;
      const name = f.text.slice(n.start, n.end);
      if (!names.has(name)) return false;
      const p = n.parent;
      const callee = p?.type === 'call_expression' && n.field === 'function';
      const declared = p?.type === 'function_declarator';
      if (!callee && !declared) out.add(name);
      return false;
    });
  }
  return out;
}

/**
 * The locks held at every call of `name` in view, in the callee's own words
 * (its parameter names), as held on entry.
 */
export function entryFromCallers(name: string, params: string[], line: number, analyses: Iterable<FunctionAnalysis>, globals: ReadonlySet<string>): Held[] {
  let common: Map<string, Held> | undefined;
  for (const a of analyses) {
    for (const site of a.callSites) {
      if (site.callee !== name) continue;
      const here = new Map<string, Held>();
      for (const h of site.held) {
        const inst = calleeInst(h, site, params, globals);
        if (inst) here.set(inst, { ...h, inst, line, origin: 'caller', count: 1, detached: false });
      }
      if (!common) common = here;
      else for (const k of [...common.keys()]) if (!here.has(k)) common.delete(k);
    }
  }
  return [...(common?.values() ?? [])];
}

/** A caller's lock as the callee names it: through the argument it is reached from, or a global. */
function calleeInst(h: Held, site: CallSiteRecord, params: string[], globals: ReadonlySet<string>): string | undefined {
  const base = baseVar(h.inst);
  if (!base || globals.has(base) || NESTABLE.has(h.kind) || !/[>.*]/.test(h.inst)) return h.inst;
  for (let i = 0; i < params.length && i < site.args.length; i++) {
    const a = canon(site.args[i]);
    const p = params[i];
    if (a.startsWith('&')) {
      const obj = canon(a.slice(1));
      if (h.inst === obj) return `*${p}`;
      if (h.inst.startsWith(obj + '.')) return `${p}->${h.inst.slice(obj.length + 1)}`;
    } else {
      if (h.inst === `*${a}`) return `*${p}`;
      if (h.inst.startsWith(a + '->')) return p + h.inst.slice(a.length);
    }
  }
  return undefined;
}
