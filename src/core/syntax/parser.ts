/**
 * The one module that imports web-tree-sitter. It loads the C grammar once,
 * parses, and converts the tree with a single cursor walk into SNodes.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Edit, Language, Parser, type Point, type Tree, type TreeCursor } from 'web-tree-sitter';
import type { SNode } from './node';

const GRAMMAR = 'tree-sitter-c.wasm';
const RUNTIME = 'web-tree-sitter.wasm';

let ready: Promise<Parser> | undefined;

export interface SyntaxInitOptions {
  /** Folder holding tree-sitter-c.wasm and web-tree-sitter.wasm (the build copies both to grammars/). */
  grammarDir?: string;
  /** The two modules, compiled (or compiling) already: the CLI starts them before its bundle loads. */
  compiled?: CompiledSyntax;
}

/** A compiled wasm module (this project's TypeScript libraries do not declare WebAssembly's types). */
export type WasmModule = object;

/** web-tree-sitter's runtime and the C grammar as compiled wasm modules. */
export interface CompiledSyntax {
  runtime: Promise<WasmModule>;
  grammar: Promise<WasmModule>;
}

declare const WebAssembly: { Instance: new (module: WasmModule, imports: object) => { exports: object } };

/** Finds grammars/ by walking up from this module: works bundled (dist/) and unbundled (dist/src/...). */
export function defaultGrammarDir(from: string = __dirname): string {
  let dir = from;
  for (let k = 0; k < 8; k++) {
    const candidate = join(dir, 'grammars');
    if (existsSync(join(candidate, GRAMMAR))) return candidate;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw new Error(`cannot find grammars/${GRAMMAR}: run "npm run build" first`);
}

/** Loads the runtime and grammar once; later calls share the same parser. */
export function initSyntax(options: SyntaxInitOptions = {}): Promise<Parser> {
  ready ??= (async () => {
    const language = options.compiled ? await loadCompiled(options.compiled) : await loadFiles(options.grammarDir ?? defaultGrammarDir());
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  ready.catch(() => (ready = undefined));
  return ready;
}

async function loadFiles(dir: string): Promise<Language> {
  await Parser.init({ locateFile: (name: string) => (name.endsWith('.wasm') ? join(dir, RUNTIME) : name) });
  return Language.load(join(dir, GRAMMAR));
}

async function loadCompiled(compiled: CompiledSyntax): Promise<Language> {
  const runtime = await compiled.runtime;
  await Parser.init({
    instantiateWasm: (imports: object, receive: (instance: object, module: WasmModule) => void) => {
      const instance = new WebAssembly.Instance(runtime, imports);
      receive(instance, runtime);
      return instance.exports;
    },
  });
  return Language.loadSync(await compiled.grammar);
}

/**
 * When parsing stops: on pathological text (top-level garbage, mail damage) tree-sitter's
 * error recovery can take many seconds, so once it has met an error the limit is 1 s plus
 * 2 ms per KB. Clean text is slow only when huge (one 20,000-line function: ~1.2 ms per KB,
 * 4 ms on a loaded machine), so it gets 5 s plus 10 ms per KB.
 */
export function parseTimeLimitMs(length: number, hasError: boolean): number {
  return hasError ? 1000 + (2 * length) / 1024 : 5000 + (10 * length) / 1024;
}

/** Parsing hit parseTimeLimitMs(); the message says so. */
export class ParseTimeout extends Error {}

/** Parses with the time limit; a tree (the caller deletes it), or ParseTimeout. */
function parseLimited(parser: Parser, text: string, oldTree: Tree | null): Tree {
  const t0 = performance.now();
  let limit = parseTimeLimitMs(text.length, false);
  const tree = parser.parse(text, oldTree, {
    progressCallback: (state) => {
      if (state.hasError) limit = parseTimeLimitMs(text.length, true);
      return performance.now() - t0 > limit;
    },
  });
  if (!tree) {
    // A cancelled parse resumes on the next call unless reset.
    parser.reset();
    throw new ParseTimeout(`parsing stopped at its time limit (${Math.round(limit)} ms for ${Math.round(text.length / 1024)} KB); no functions were read`);
  }
  return tree;
}

function toSNodes(tree: Tree, parser: Parser): SNode {
  const cursor = tree.walk();
  try {
    return convert(cursor, parser.language!);
  } finally {
    cursor.delete();
  }
}

/** Parses C text (already preprocessed) into an SNode tree. */
export async function parseToSNodes(text: string): Promise<SNode> {
  const parser = await initSyntax();
  const tree = parseLimited(parser, text, null);
  try {
    return toSNodes(tree, parser);
  } finally {
    tree.delete();
  }
}

/**
 * One document's last tree, so the next version is parsed incrementally
 * (tree.edit, then parse with the old tree). The edit is the span where the
 * old and new preprocessed texts differ, so it also covers a macro rewrite
 * that an edit switched on or off elsewhere on the line. Call dispose()
 * when the document goes away: the tree lives in wasm memory.
 */
export class IncrementalTree {
  private tree: Tree | null = null;
  private text = '';

  async parse(text: string): Promise<SNode> {
    const parser = await initSyntax();
    const old = this.tree;
    if (old) old.edit(changedSpan(this.text, text));
    let tree: Tree;
    try {
      tree = parseLimited(parser, text, old);
    } catch (e) {
      this.dispose();
      throw e;
    }
    old?.delete();
    this.tree = tree;
    this.text = text;
    return toSNodes(tree, parser);
  }

  dispose(): void {
    this.tree?.delete();
    this.tree = null;
    this.text = '';
  }
}

/** The single edit turning `before` into `after`: everything between their common prefix and suffix. */
export function changedSpan(before: string, after: string): Edit {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < max - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  const oldEnd = before.length - tail;
  const newEnd = after.length - tail;
  return new Edit({
    startIndex: start,
    oldEndIndex: oldEnd,
    newEndIndex: newEnd,
    startPosition: pointAt(before, start),
    oldEndPosition: pointAt(before, oldEnd),
    newEndPosition: pointAt(after, newEnd),
  });
}

function pointAt(text: string, offset: number): Point {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let row = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) row++;
  return { row, column: offset - lineStart };
}

/** Punctuation no later layer reads: not copied (a missing one, which a diagnostic names, is kept). */
const PUNCTUATION = new Set(['(', ')', '{', '}', '[', ']', ';', ',']);

function convert(cursor: TreeCursor, language: Language): SNode {
  const read = nodeReader(language);
  const skip: boolean[] = [];
  for (let id = 0; id < language.nodeTypeCount; id++) skip[id] = PUNCTUATION.has(language.nodeTypeForId(id) ?? '') && !language.nodeTypeIsNamed(id);
  const root = read(cursor, null);
  // Iterative pre-order walk: a deep nest of ifs must not overflow the JS stack.
  const stack: SNode[] = [root];
  if (!cursor.gotoFirstChild()) return root;
  for (;;) {
    const parent = stack[stack.length - 1];
    // Each cursor getter is a crossing into wasm: the type id is read once for both uses.
    const id = cursor.nodeTypeId;
    if (!skip[id] || cursor.nodeIsMissing) {
      const node = read(cursor, parent, id);
      parent.children.push(node);
      if (cursor.gotoFirstChild()) {
        stack.push(node);
        continue;
      }
    }
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) return root;
      stack.pop();
      if (stack.length === 0) return root;
    }
  }
}

/**
 * Reads the cursor's node with as few wasm crossings as it can (each getter is
 * one): type, field and named-ness come from per-language tables by id, and
 * only a zero-width node can be a missing one.
 */
function nodeReader(language: Language): (cursor: TreeCursor, parent: SNode | null, id?: number) => SNode {
  const types: string[] = [];
  const named: boolean[] = [];
  const fields: Array<string | null> = [];
  return (cursor, parent, known) => {
    const id = known ?? cursor.nodeTypeId;
    if (types[id] === undefined) {
      types[id] = cursor.nodeType;
      named[id] = language.nodeTypeIsNamed(id);
    }
    const fieldId = cursor.currentFieldId;
    if (fields[fieldId] === undefined) fields[fieldId] = language.fieldNameForId(fieldId) ?? null;
    const start = cursor.startIndex;
    const end = cursor.endIndex;
    return {
      type: types[id],
      // An ERROR node has no named entry in the table; the cursor says.
      named: id === 0xffff ? cursor.nodeIsNamed : named[id],
      field: fields[fieldId],
      start,
      end,
      missing: start === end && cursor.nodeIsMissing,
      children: [],
      parent,
    };
  };
}
