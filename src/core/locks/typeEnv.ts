/** Declared types of a function's parameters and locals, for lock classes and pointer checks. */
import { field, walk, type FunctionInfo, type ParsedFile, type SNode } from '../syntax';
import { declaratorName, typeNameOf } from '../syntax/extract';
import type { Knowledge } from '../knowledge';

export interface VarType {
  typeName?: string;
  pointer: boolean;
  line: number;
}

export type TypeEnv = Map<string, VarType>;

export function typeEnvOf(file: ParsedFile, fn: FunctionInfo, knowledge: Knowledge): TypeEnv {
  const env: TypeEnv = new Map();
  const src = (n: SNode) => file.text.slice(n.start, n.end);
  for (const [name, type] of knowledge.globals) env.set(name, { typeName: type, pointer: true, line: 0 });
  for (const [name, type] of file.globals) env.set(name, { typeName: type, pointer: false, line: 0 });
  for (const p of fn.params) env.set(p.name, { typeName: p.typeName, pointer: p.type.includes('*'), line: fn.line });
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
      walk(d, (x) => {
        if (x.type === 'pointer_declarator') pointer = true;
        if (x.type === 'function_declarator') code = true;
        return x.type !== 'initializer_list' && x.field !== 'value';
      });
      env.set(name, { typeName, pointer: pointer && !code, line: file.lines.line(n.start) });
    }
    return false;
  });
  return env;
}
