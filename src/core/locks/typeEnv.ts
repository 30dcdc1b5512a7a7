/** Declared types of a function's parameters and locals, for lock classes and pointer checks. */
import { field, walk, type FunctionInfo, type ParsedFile, type SNode } from '../syntax';
import { declaratorName, typeNameOf } from '../syntax/extract';
import type { Knowledge } from '../knowledge';

export interface VarType {
  typeName?: string;
  pointer: boolean;
  /** A plain number (`int`, `unsigned long`, `bool`): it can neither be a lock nor lead to one. */
  scalar?: boolean;
  line: number;
}

/** C's arithmetic types, as declarations spell them. */
const ARITHMETIC = /^(?:(?:const|volatile|signed|unsigned|short|long|int|char|_Bool|bool|size_t|ssize_t)\s*)+$/;

export type TypeEnv = Map<string, VarType>;

export function typeEnvOf(file: ParsedFile, fn: FunctionInfo, knowledge: Knowledge): TypeEnv {
  const env: TypeEnv = new Map();
  const src = (n: SNode) => file.text.slice(n.start, n.end);
  for (const [name, type] of knowledge.globals) env.set(name, { typeName: type, pointer: true, line: 0 });
  for (const [name, type] of file.globals) env.set(name, { typeName: type, pointer: false, line: 0 });
  for (const p of fn.params) env.set(p.name, { typeName: p.typeName, pointer: p.type.includes('*'), scalar: ARITHMETIC.test(p.type.trim()), line: fn.line });
  walk(fn.body, (n) => {
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
      const scalar = !pointer && !code && !array && !!type && ARITHMETIC.test(src(type));
      env.set(name, { typeName, pointer: pointer && !code, scalar, line: file.lines.line(n.start) });
    }
    return false;
  });
  return env;
}
