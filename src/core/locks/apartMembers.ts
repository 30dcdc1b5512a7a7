/**
 * Operations members the kernel never runs while the contexts of other members of the same
 * struct run on the object (knowledge contextLifetimes.apartMembers): a device's ndo_open runs
 * before its transmit path is started and ndo_stop after it stopped, so neither races
 * ndo_start_xmit, whatever the handlers they start or stop themselves.
 */
import type { ParsedFile } from '../syntax';
import type { Knowledge } from '../knowledge';
import type { CallGraph } from '../callgraph';
import { graphMemberRoles } from './entry';
import type { TypeEnv } from './typeEnv';

const NONE: ReadonlySet<string> = new Set();

/** For a function in view, the functions in view whose contexts never run while it runs (none for most). */
export function apartContexts(files: readonly ParsedFile[], graph: CallGraph, envs: ReadonlyMap<string, TypeEnv>, knowledge: Knowledge): (fn: string) => ReadonlySet<string> {
  if (!knowledge.apartMembers.length) return () => NONE;
  const roles = graphMemberRoles(files, graph, envs);
  const cache = new Map<string, ReadonlySet<string>>();
  return (fn) => {
    const known = cache.get(fn);
    if (known) return known;
    const apart = new Set<string>();
    for (const { struct, member } of roles.get(fn) ?? []) {
      for (const rule of knowledge.apartMembers) {
        if (rule.struct !== struct || !rule.members.includes(member)) continue;
        // (Only functions stored as nothing but such members: one stored as another too may run in that role.)
        for (const [other, theirs] of roles) if (theirs.every((r) => r.struct === struct && rule.apartFrom.includes(r.member))) apart.add(other);
      }
    }
    // So is `fn` kept apart only if it is stored as nothing but such members.
    const every = (roles.get(fn) ?? []).every((r) => knowledge.apartMembers.some((rule) => rule.struct === r.struct && rule.members.includes(r.member)));
    const out = every && apart.size ? apart : NONE;
    cache.set(fn, out);
    return out;
  };
}
