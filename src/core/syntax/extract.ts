/**
 * From the converted tree to the file model: functions with exact ranges,
 * parameters, prototypes, struct field types, lock annotations, diagnostics.
 */
import { addLeadingAssertions } from './assertions';
import { isNumberType, type NumberFields } from './numberTypes';
import { LineMap } from './lines';
import { namedConstants } from './constants';
import { iteratorMacros } from './iteratorMacros';
import { field, named, walk, type SNode } from './node';
import { MAX_NESTING, nestingDepth, tooDeepLimit } from './nesting';
import type { AnnotationMacro, Preprocessed } from './preprocess';
import type { Annotation, FunctionInfo, Param, ParsedFile, Prototype, SyntaxDiagnostic } from './model';

export function buildFileModel(path: string, text: string, root: SNode, pre: Preprocessed): ParsedFile {
  const lines = new LineMap(text);
  const src = (n: SNode) => text.slice(n.start, n.end);
  const functions: FunctionInfo[] = [];
  const limits: string[] = [];
  const prototypes = new Map<string, Prototype>();
  const structs = new Map<string, Map<string, string>>();
  const numberFields: NumberFields = new Map();
  const globals = new Map<string, string>();
  const annotationsIn = (start: number, end: number): Annotation[] =>
    pre.annotations.filter((a) => a.start >= start && a.end <= end).map((a) => toAnnotation(a, text, lines));

  walk(root, (n) => {
    if (n.type === 'function_definition') {
      const fn = functionFrom(n, path, text, lines, annotationsIn);
      // Every later walk of a body recurses: a body too deep for the stack is left out, and said so.
      if (fn && nestingDepth(fn.body) > MAX_NESTING) limits.push(tooDeepLimit(fn.name, path, fn.line));
      else if (fn) functions.push(fn);
      collectStructs(n, src, structs, numberFields);
      return false;
    }
    if (n.type === 'struct_specifier' || n.type === 'union_specifier') {
      collectStruct(n, src, structs, numberFields);
    }
    if (n.type === 'declaration' && n.parent?.type === 'translation_unit') {
      for (const d of n.children.filter((c) => c.field === 'declarator')) {
        const fd = findFunctionDeclarator(d);
        if (fd) {
          const name = declaratorName(fd, src);
          if (name)
            prototypes.set(name, {
              name,
              params: paramsOf(fd, src),
              annotations: annotationsIn(n.start, n.end + 1),
              line: lines.line(n.start),
            });
        } else {
          const name = declaratorName(d, src);
          const type = field(n, 'type');
          // `static struct { ... spinlock_t io_lock; } pcwd_private;`: the struct has no name but the variable's,
          // by which its fields (and their locks' classes, `pcwd_private.io_lock`) are known.
          const unnamed = type && !typeNameOf(type, src) && (type.type === 'struct_specifier' || type.type === 'union_specifier') && field(type, 'body') && name && !structs.has(name);
          if (unnamed) collectStruct(type, src, structs, numberFields, name);
          if (name && type) globals.set(name, unnamed ? name : (typeNameOf(type, src) ?? src(type)));
        }
      }
    }
    return true;
  });
  for (const fn of functions) {
    for (const p of prototypes.get(fn.name)?.annotations ?? []) {
      if (!fn.annotations.some((a) => a.kind === p.kind && a.args.join() === p.args.join())) fn.annotations.push(p);
    }
  }
  addLeadingAssertions(functions, text, lines);

  return {
    path,
    text,
    lines,
    root,
    functions,
    prototypes,
    structs,
    numberFields,
    globals,
    constants: namedConstants(root, text),
    loops: pre.loops,
    iterators: iteratorMacros(root, text),
    scopedGuards: pre.scopedGuards,
    diagnostics: syntaxDiagnostics(root, path, text, lines, functions),
    limits,
  };
}

function toAnnotation(a: AnnotationMacro, text: string, lines: LineMap): Annotation {
  return { kind: a.kind, args: a.args.map((r) => text.slice(r.start, r.end).trim()), line: lines.line(a.start) };
}

function functionFrom(
  n: SNode,
  path: string,
  text: string,
  lines: LineMap,
  annotationsIn: (start: number, end: number) => Annotation[],
): FunctionInfo | undefined {
  const src = (x: SNode) => text.slice(x.start, x.end);
  const body = field(n, 'body');
  const declarator = field(n, 'declarator');
  if (!body || !declarator) return undefined;
  const fd = findFunctionDeclarator(declarator);
  if (!fd) return undefined;
  const name = declaratorName(fd, src);
  if (!name) return undefined;
  const type = field(n, 'type');
  const stars = pointerDepth(declarator);
  return {
    name,
    file: path,
    line: lines.line(n.start),
    endLine: lines.line(Math.max(n.start, n.end - 1)),
    start: n.start,
    end: n.end,
    node: n,
    body,
    params: paramsOf(fd, src),
    returnType: (type ? src(type) : 'int') + (stars ? ' ' + '*'.repeat(stars) : ''),
    isStatic: n.children.some((c) => c.type === 'storage_class_specifier' && src(c) === 'static'),
    annotations: annotationsIn(n.start, body.start),
    ...marksOf(annotationsIn(body.start, n.end)),
  };
}

function marksOf(inBody: Annotation[]): { contextMarks?: Annotation[] } {
  const marks = inBody.filter((a) => a.kind === '__acquire' || a.kind === '__release');
  return marks.length ? { contextMarks: marks } : {};
}

function pointerDepth(declarator: SNode): number {
  let depth = 0;
  let d: SNode | undefined = declarator;
  while (d && d.type === 'pointer_declarator') {
    depth++;
    d = field(d, 'declarator');
  }
  return depth;
}

/** The function_declarator inside a declarator (through pointers and parentheses). */
export function findFunctionDeclarator(d: SNode): SNode | undefined {
  let cur: SNode | undefined = d;
  while (cur) {
    if (cur.type === 'function_declarator') {
      // `int (*fp)(void)` is a pointer variable, not a function.
      const inner = field(cur, 'declarator');
      if (inner && inner.type === 'parenthesized_declarator') return undefined;
      return cur;
    }
    if (cur.type === 'pointer_declarator' || cur.type === 'parenthesized_declarator' || cur.type === 'attributed_declarator') {
      cur = field(cur, 'declarator') ?? named(cur)[0];
      continue;
    }
    return undefined;
  }
  return undefined;
}

/** The identifier a declarator declares. */
export function declaratorName(d: SNode, src: (n: SNode) => string): string | undefined {
  let cur: SNode | undefined = d;
  for (let guard = 0; cur && guard < 64; guard++) {
    if (cur.type === 'identifier' || cur.type === 'field_identifier' || cur.type === 'type_identifier') return src(cur);
    cur = field(cur, 'declarator') ?? named(cur).find((c) => c.type !== 'parameter_list' && c.type !== 'type_qualifier');
  }
  return undefined;
}

function paramsOf(fd: SNode, src: (n: SNode) => string): Param[] {
  const list = field(fd, 'parameters');
  if (!list) return [];
  const params: Param[] = [];
  for (const p of list.children) {
    if (p.type !== 'parameter_declaration') continue;
    const type = field(p, 'type');
    const decl = field(p, 'declarator');
    if (!decl) continue; // `void` or an unnamed parameter
    const name = declaratorName(decl, src);
    if (!name) continue;
    const isFunctionPointer = containsType(decl, 'function_declarator');
    const stars = countStars(decl);
    params.push({
      name,
      type: (type ? src(type) : '') + (stars ? ' ' + '*'.repeat(stars) : ''),
      typeName: type ? typeNameOf(type, src) : undefined,
      isFunctionPointer,
    });
  }
  return params;
}

function containsType(n: SNode, type: string): boolean {
  let found = false;
  walk(n, (x) => {
    if (x.type === type) found = true;
    return !found;
  });
  return found;
}

function countStars(decl: SNode): number {
  let stars = 0;
  let cur: SNode | undefined = decl;
  while (cur && cur.type === 'pointer_declarator') {
    stars++;
    cur = field(cur, 'declarator');
  }
  return stars;
}

/** `struct iommu_group` -> `iommu_group`; a typedef name as is; primitive types -> undefined. */
export function typeNameOf(type: SNode, src: (n: SNode) => string): string | undefined {
  if (type.type === 'struct_specifier' || type.type === 'union_specifier' || type.type === 'enum_specifier') {
    const name = field(type, 'name');
    return name ? src(name) : undefined;
  }
  if (type.type === 'type_identifier') return src(type);
  return undefined;
}

function collectStructs(n: SNode, src: (n: SNode) => string, structs: Map<string, Map<string, string>>, numbers: NumberFields): void {
  walk(n, (x) => {
    if (x.type === 'struct_specifier' || x.type === 'union_specifier') collectStruct(x, src, structs, numbers);
  });
}

/** A struct's fields, under its own name or, for one that has none, `as` (the variable it declares). */
function collectStruct(n: SNode, src: (n: SNode) => string, structs: Map<string, Map<string, string>>, numbers: NumberFields, as?: string): void {
  const tag = field(n, 'name');
  const body = field(n, 'body');
  const structName = tag ? src(tag) : as;
  if (!structName || !body) return;
  const fieldsMap = structs.get(structName) ?? new Map<string, string>();
  const numberMap = numbers.get(structName) ?? new Map<string, 'value' | 'array'>();
  for (const fd of body.children) {
    if (fd.type !== 'field_declaration') continue;
    const type = field(fd, 'type');
    if (!type) continue;
    const number = isNumberType(src(type));
    for (const d of fd.children.filter((c) => c.field === 'declarator')) {
      const fname = declaratorName(d, src);
      if (fname) fieldsMap.set(fname, typeNameOf(type, src) ?? src(type));
      // `u8 mode` or `u8 pwm[13]`, not `u8 *buf` (a pointer leads into memory).
      const shape = d.type === 'field_identifier' ? 'value' : d.type === 'array_declarator' && field(d, 'declarator')?.type === 'field_identifier' ? 'array' : undefined;
      if (fname && number && shape) numberMap.set(fname, shape);
    }
  }
  structs.set(structName, fieldsMap);
  if (numberMap.size) numbers.set(structName, numberMap);
}

function syntaxDiagnostics(
  root: SNode,
  path: string,
  text: string,
  lines: LineMap,
  functions: FunctionInfo[],
): SyntaxDiagnostic[] {
  const out: SyntaxDiagnostic[] = [];
  const inFunction = (offset: number) => functions.find((f) => offset >= f.start && offset < f.end)?.name;
  walk(root, (n) => {
    if (n.type === 'ERROR' || n.missing) {
      const snippet = text.slice(n.start, Math.min(n.end, n.start + 40)).replace(/\s+/g, ' ').trim();
      const fn = inFunction(n.start);
      out.push({
        severity: fn ? 'warning' : 'info',
        message: n.missing
          ? `expected '${n.type}' here`
          : `could not parse ${snippet ? `'${snippet}'` : 'this text'}${fn ? ` in ${fn}()` : ''}; analysis continues around it`,
        file: path,
        line: lines.line(n.start),
        column: lines.column(n.start),
        endLine: lines.line(Math.max(n.start, n.end - 1)),
        function: fn,
      });
      return false;
    }
    return true;
  });
  return out;
}
