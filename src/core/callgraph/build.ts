/**
 * The call graph over one or more files: direct calls, indirect calls through
 * function pointers (`ops->probe(dev)`), and callbacks (a function passed as
 * an argument to a helper that calls it).
 */
import { field, unparen, walk, type FunctionInfo, type ParsedFile, type SNode } from '../syntax';
import { callArgs, calleeName, designatedMember, functionKey } from '../syntax/kernelIdioms';

export type CallKind = 'direct' | 'indirect' | 'callback';

export interface CallEdge {
  from: string;
  /** The callee's name; for an indirect call, the expression called (`ops->probe_finalize`). */
  to: string;
  kind: CallKind;
  file: string;
  line: number;
  /** The call expression (for callbacks: the call that passes the function). */
  node: SNode;
  /** For a callback: the helper's parameter the function is passed as. */
  viaParam?: string;
  /** For a callback: the function whose body passes it to the helper. */
  passedIn?: string;
  /** For an indirect call through a parameter: that parameter's name. */
  throughParam?: string;
}

export interface CallNode {
  name: string;
  file?: string;
  line?: number;
  /** Defined in the files given. */
  defined: boolean;
  /** A function pointer (`ops->probe`, a parameter), not a function. */
  pointer?: boolean;
}

export interface CallGraph {
  nodes: CallNode[];
  edges: CallEdge[];
  functions: Map<string, { fn: FunctionInfo; file: ParsedFile }>;
  callsFrom(name: string): CallEdge[];
  callsTo(name: string): CallEdge[];
  /**
   * The functions in view an operations table's member is set to (`.wake_pending_and_unlock =
   * fuse_dev_wake_and_unlock` in a designated initializer), by member name: what a call through
   * `ops->member(...)` may run.
   */
  operations: ReadonlyMap<string, readonly string[]>;
}

/** `fiq->ops->wake_pending_and_unlock` (an indirect call's callee text): the member called. */
export function operationMember(callee: string): string | undefined {
  return /(?:->|\.)([A-Za-z_]\w*)$/.exec(callee)?.[1];
}

export function buildCallGraph(files: ParsedFile[]): CallGraph {
  const functions = new Map<string, { fn: FunctionInfo; file: ParsedFile }>();
  for (const file of files) for (const fn of file.functions) if (!functions.has(fn.name)) functions.set(fn.name, { fn, file });

  // One walk per body finds both its locals and its calls (three walks made this the review's hottest loop).
  const bodies = new Map<string, BodyFacts>();
  for (const { fn, file } of functions.values()) bodies.set(fn.name, bodyFacts(fn, file));
  const edges: CallEdge[] = [];
  for (const { fn, file } of functions.values()) edges.push(...callsIn(file, fn, functions, bodies.get(fn.name)!));

  // A function named as an argument of a call is a callback of the called helper.
  for (const { fn, file } of functions.values()) {
    const locals = bodies.get(fn.name)!.locals;
    for (const n of bodies.get(fn.name)!.calls) {
      const helper = calleeName(file, n);
      if (!helper || helper === 'guard') continue;
      callArgs(n).forEach((arg, index) => {
        const a = unparen(arg.type === 'pointer_expression' ? (field(arg, 'argument') ?? arg) : arg);
        if (a.type !== 'identifier') return;
        const name = functionKey(file, file.text.slice(a.start, a.end));
        if (!functions.has(name) || locals.has(name)) return;
        const helperFn = functions.get(helper)?.fn;
        edges.push({
          from: helper,
          to: name,
          kind: 'callback',
          file: file.path,
          line: file.lines.line(n.start),
          node: n,
          viaParam: helperFn?.params[index]?.name ?? `#${index + 1}`,
          passedIn: fn.name,
        });
      });
    }
  }

  const nodes = new Map<string, CallNode>();
  for (const { fn } of functions.values()) nodes.set(fn.name, { name: fn.name, file: fn.file, line: fn.line, defined: true });
  for (const e of edges) {
    if (!nodes.has(e.from)) nodes.set(e.from, { name: e.from, defined: false });
    if (!nodes.has(e.to)) nodes.set(e.to, e.kind === 'indirect' ? { name: e.to, defined: false, pointer: true } : { name: e.to, defined: false });
  }

  const from = groupBy(edges, (e) => e.from);
  const to = groupBy(edges, (e) => e.to);
  return {
    nodes: [...nodes.values()],
    edges,
    functions,
    callsFrom: (name) => from.get(name) ?? [],
    callsTo: (name) => to.get(name) ?? [],
    operations: operationTables(files, functions),
  };
}

/** Designated initializers outside function bodies that set a member to a function in view. */
function operationTables(files: ParsedFile[], functions: Map<string, unknown>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const file of files) {
    walk(file.root, (n) => {
      if (n.type === 'function_definition') return false;
      if (n.type !== 'initializer_pair') return true;
      const member = designatedMember(n);
      const value = field(n, 'value');
      const v = value && unparen(value.type === 'pointer_expression' ? (field(value, 'argument') ?? value) : value);
      if (!member || v?.type !== 'identifier') return false;
      const impl = functionKey(file, file.text.slice(v.start, v.end));
      if (!functions.has(impl)) return false;
      const name = file.text.slice(member.start, member.end);
      const list = out.get(name) ?? [];
      if (!list.includes(impl)) out.set(name, [...list, impl]);
      return false;
    });
  }
  return out;
}

function callsIn(file: ParsedFile, fn: FunctionInfo, functions: Map<string, unknown>, { locals, calls }: BodyFacts): CallEdge[] {
  const out: CallEdge[] = [];
  const fpParams = new Set(fn.params.filter((p) => p.isFunctionPointer).map((p) => p.name));
  for (const n of calls) {
    const callee = field(n, 'function');
    if (!callee) continue;
    const c = unparen(callee);
    const line = file.lines.line(n.start);
    if (c.type === 'identifier') {
      const name = functionKey(file, file.text.slice(c.start, c.end));
      if (fpParams.has(name)) out.push({ from: fn.name, to: `(*${name})`, kind: 'indirect', file: file.path, line, node: n, throughParam: name });
      else if (!locals.has(name) || functions.has(name)) out.push({ from: fn.name, to: name, kind: 'direct', file: file.path, line, node: n });
      else out.push({ from: fn.name, to: name, kind: 'indirect', file: file.path, line, node: n });
    } else if (c.type === 'call_expression') {
      // `guard(mutex)(&lock)`: the inner call is visited on its own.
    } else {
      out.push({ from: fn.name, to: file.text.slice(c.start, c.end).replace(/\s+/g, ''), kind: 'indirect', file: file.path, line, node: n });
    }
  }
  return out;
}

interface BodyFacts {
  /** Parameters and local variables: names that are not functions there. */
  locals: Set<string>;
  /** Call expressions, in source order. */
  calls: SNode[];
}

function bodyFacts(fn: FunctionInfo, file: ParsedFile): BodyFacts {
  const locals = new Set(fn.params.map((p) => p.name));
  const calls: SNode[] = [];
  walk(fn.body, (n) => {
    if (n.type === 'call_expression') calls.push(n);
    else if (n.type === 'declaration') {
      for (const d of n.children) {
        if (d.field !== 'declarator') continue;
        const id = findIdentifier(d.type === 'init_declarator' ? (field(d, 'declarator') ?? d) : d);
        if (id) locals.add(file.text.slice(id.start, id.end));
      }
    }
  });
  return { locals, calls };
}

/** Parameters and local variables of `fn`: names that are not functions there. */
export function localNames(fn: FunctionInfo, file: ParsedFile): Set<string> {
  return bodyFacts(fn, file).locals;
}

function findIdentifier(d: SNode): SNode | undefined {
  let cur: SNode | undefined = d;
  for (let k = 0; cur && k < 16; k++) {
    if (cur.type === 'identifier') return cur;
    cur = field(cur, 'declarator');
  }
  return undefined;
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = m.get(k);
    if (list) list.push(item);
    else m.set(k, [item]);
  }
  return m;
}
