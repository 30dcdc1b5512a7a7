/** Declared types of a function's parameters and locals, for lock classes and pointer checks. */
import { field, isArithmeticType, isNumberType, walk, type FunctionInfo, type ParsedFile, type SNode } from '../syntax';
import { declaratorName, typeNameOf } from '../syntax/extract';
import type { Knowledge } from '../knowledge';

export interface VarType {
  typeName?: string;
  pointer: boolean;
  /** A plain number (`int`, `unsigned long`, `bool`): it can neither be a lock nor lead to one. */
  scalar?: boolean;
  /** A number of any type the kernel spells (`u8`, `__be32` too: numberTypes.ts), for what a call is handed. */
  number?: boolean;
  line: number;
}


export type TypeEnv = Map<string, VarType>;

/** An env entry for what a call returns, keyed by its callee (`to_mdev()`), for paths through the call. */
export function callKey(callee: string): string {
  return `${callee}()`;
}

const callTypesCache = new WeakMap<ParsedFile, Map<string, string>>();

/**
 * The struct a function returns a pointer to, by name, where the file says: a function it
 * defines, or locals it initialises from a call (`struct mlx4_ib_dev *mdev = to_mdev(ibdev);`,
 * for a header's helper not in view). A callee the file types two ways is left out.
 */
function callTypes(file: ParsedFile): Map<string, string> {
  const known = callTypesCache.get(file);
  if (known) return known;
  const src = (n: SNode) => file.text.slice(n.start, n.end);
  const seen = new Map<string, string | null>();
  const note = (callee: string, typeName: string) => seen.set(callee, seen.has(callee) && seen.get(callee) !== typeName ? null : typeName);
  for (const f of file.functions) {
    const m = /^(?:const\s+)?(?:struct|union)\s+(\w+)\s*\*$/.exec(f.returnType.trim());
    if (m) note(f.name, m[1]);
  }
  for (const f of file.functions) {
    walk(f.body, (n) => {
      if (n.type !== 'declaration') return true;
      const type = field(n, 'type');
      const typeName = type && (type.type === 'struct_specifier' || type.type === 'union_specifier') ? typeNameOf(type, src) : undefined;
      if (!typeName) return false;
      for (const d of n.children) {
        if (d.type !== 'init_declarator' || field(d, 'declarator')?.type !== 'pointer_declarator') continue;
        const value = field(d, 'value');
        const callee = value?.type === 'call_expression' ? field(value, 'function') : undefined;
        if (callee?.type === 'identifier') note(src(callee), typeName);
      }
      return false;
    });
  }
  const out = new Map([...seen].filter((e): e is [string, string] => e[1] !== null));
  callTypesCache.set(file, out);
  return out;
}

export function typeEnvOf(file: ParsedFile, fn: FunctionInfo, knowledge: Knowledge): TypeEnv {
  const env: TypeEnv = new Map();
  const src = (n: SNode) => file.text.slice(n.start, n.end);
  const calls = callTypes(file);
  for (const [name, type] of knowledge.globals) env.set(name, { typeName: type, pointer: true, line: 0 });
  for (const [name, type] of file.globals) env.set(name, { typeName: type, pointer: false, line: 0 });
  for (const p of fn.params) env.set(p.name, { typeName: p.typeName, pointer: p.type.includes('*'), scalar: isArithmeticType(p.type), number: isNumberType(p.type), line: fn.line });
  walk(fn.body, (n) => {
    // Paths through a call (`to_mdev(ibdev)->cap_mask_mutex`, or through a local set from one, as
    // stablePaths.ts names it): the struct the call returns.
    if (n.type === 'call_expression') {
      const callee = field(n, 'function');
      const typeName = callee?.type === 'identifier' ? calls.get(src(callee)) : undefined;
      if (typeName) env.set(callKey(src(callee!)), { typeName, pointer: true, line: 0 });
      return true;
    }
    if (n.type !== 'declaration') return true;
    const type = field(n, 'type');
    const typeName = type ? typeNameOf(type, src) : undefined;
    for (const d of n.children) {
      if (d.field !== 'declarator') continue;
      const name = declaratorName(d, src);
      if (!name) continue;
      let pointer = false;
      let code = false;
      let array = false;
      walk(d, (x) => {
        if (x.type === 'pointer_declarator') pointer = true;
        if (x.type === 'function_declarator') code = true;
        if (x.type === 'array_declarator') array = true;
        return x.type !== 'initializer_list' && x.field !== 'value';
      });
      const plain = !pointer && !code && !array && !!type;
      env.set(name, { typeName, pointer: pointer && !code, scalar: plain && isArithmeticType(src(type)), number: plain && isNumberType(src(type)), line: file.lines.line(n.start) });
    }
    // On into the initialisers, for paths through calls (a declaration inside one is rare and named as well).
    return true;
  });
  return env;
}
