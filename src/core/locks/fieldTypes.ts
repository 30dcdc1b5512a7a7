/**
 * Field types the code itself states, for structs whose declaration is not in
 * view (a header the review does not read): `struct opp_table *opp_table =
 * opp->opp_table;` says that `dev_pm_opp.opp_table` points at a `struct
 * opp_table`, so `opp->opp_table->lock` is of class `opp_table.lock`, the class
 * the local's own `opp_table->lock` has. A field in view keeps its declaration;
 * one the code copies to or from two different types is left unknown (a `void *`
 * handed to locals of several types).
 */
import type { CallGraph } from '../callgraph';
import type { Knowledge } from '../knowledge';
import { field, operator, unparen, walk, type ParsedFile, type SNode } from '../syntax';
import { declaratorName } from '../syntax/extract';
import { fieldType } from './identity';
import type { TypeEnv } from './typeEnv';

/** Adds to each file's structs the field types its functions' copies state; gives them back as sorted `struct.field:type` texts. */
export function learnFieldTypes(graph: CallGraph, envs: ReadonlyMap<string, TypeEnv>, knowledge: Knowledge): string[] {
  const learned: string[] = [];
  // A file analysed again (an edit elsewhere) is read afresh: what an earlier run learned goes first.
  for (const { file } of graph.functions.values()) forget(file);
  const stated = new Map<ParsedFile, Map<string, string | null>>();
  for (const [name, { fn, file }] of graph.functions) {
    const env = envs.get(name);
    if (!env) continue;
    const src = (n: SNode) => file.text.slice(n.start, n.end);
    const seen = stated.get(file) ?? new Map<string, string | null>();
    stated.set(file, seen);
    /** `local` and `place` hold the same pointer: if the local's struct is known and the field's is not, it is the field's. */
    const copy = (local: string | undefined, place: SNode | null | undefined) => {
      const type = local ? env.get(local) : undefined;
      const u = place && unparen(place);
      if (!type?.pointer || !type.typeName || u?.type !== 'field_expression') return;
      const base = field(u, 'argument');
      const f = field(u, 'field');
      const of = base && unparen(base).type === 'identifier' ? env.get(src(unparen(base))) : undefined;
      const owner = of?.typeName;
      if (!owner || !f || (operator(u) === '->') !== !!of.pointer) return;
      const key = `${owner}.${src(f)}`;
      if (fieldType(owner, src(f), file.structs, knowledge)) return;
      const before = seen.get(key);
      seen.set(key, before === undefined || before === type.typeName ? type.typeName : null);
    };
    walk(fn.body, (n) => {
      if (n.type === 'init_declarator') {
        const d = field(n, 'declarator');
        copy(d ? declaratorName(d, src) : undefined, field(n, 'value'));
      } else if (n.type === 'assignment_expression' && operator(n) === '=') {
        const left = field(n, 'left');
        const right = field(n, 'right');
        const name = (x: SNode | null | undefined) => (x && unparen(x).type === 'identifier' ? src(unparen(x)) : undefined);
        copy(name(left), right);
        copy(name(right), left);
      }
      return true;
    });
  }
  for (const [file, seen] of stated) {
    for (const [key, type] of seen) {
      if (!type) continue;
      const dot = key.indexOf('.');
      const fields = file.structs.get(key.slice(0, dot)) ?? new Map<string, string>();
      if (fields.has(key.slice(dot + 1))) continue;
      fields.set(key.slice(dot + 1), type);
      file.structs.set(key.slice(0, dot), fields);
      learnedIn.set(file, [...(learnedIn.get(file) ?? []), key]);
      learned.push(`${key}:${type}`);
    }
  }
  return learned.sort();
}

/** The entries of a file's structs that learnFieldTypes added, by file. */
const learnedIn = new WeakMap<ParsedFile, string[]>();

function forget(file: ParsedFile): void {
  for (const key of learnedIn.get(file) ?? []) {
    const dot = key.indexOf('.');
    const fields = file.structs.get(key.slice(0, dot));
    fields?.delete(key.slice(dot + 1));
    if (fields && !fields.size) file.structs.delete(key.slice(0, dot));
  }
  learnedIn.delete(file);
}
