/**
 * The one module that imports web-tree-sitter. It loads the C grammar once,
 * parses, and converts the tree with a single cursor walk into SNodes.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Language, Parser, type TreeCursor } from 'web-tree-sitter';
import type { SNode } from './node';

const GRAMMAR = 'tree-sitter-c.wasm';
const RUNTIME = 'web-tree-sitter.wasm';

let ready: Promise<Parser> | undefined;

export interface SyntaxInitOptions {
  /** Folder holding tree-sitter-c.wasm and web-tree-sitter.wasm (the build copies both to grammars/). */
  grammarDir?: string;
}

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
    const dir = options.grammarDir ?? defaultGrammarDir();
    await Parser.init({ locateFile: (name: string) => (name.endsWith('.wasm') ? join(dir, RUNTIME) : name) });
    const language = await Language.load(join(dir, GRAMMAR));
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  ready.catch(() => (ready = undefined));
  return ready;
}

/** Parses C text (already preprocessed) into an SNode tree. Requires initSyntax() to have resolved. */
export async function parseToSNodes(text: string): Promise<SNode> {
  const parser = await initSyntax();
  const tree = parser.parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  try {
    const cursor = tree.walk();
    try {
      return convert(cursor, parser.language!);
    } finally {
      cursor.delete();
    }
  } finally {
    tree.delete();
  }
}

function convert(cursor: TreeCursor, language: Language): SNode {
  const read = nodeReader(language);
  const root = read(cursor, null);
  // Iterative pre-order walk: a deep nest of ifs must not overflow the JS stack.
  const stack: SNode[] = [root];
  if (!cursor.gotoFirstChild()) return root;
  for (;;) {
    const parent = stack[stack.length - 1];
    const node = read(cursor, parent);
    parent.children.push(node);
    if (cursor.gotoFirstChild()) {
      stack.push(node);
      continue;
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
function nodeReader(language: Language): (cursor: TreeCursor, parent: SNode | null) => SNode {
  const types: string[] = [];
  const named: boolean[] = [];
  const fields: Array<string | null> = [];
  return (cursor, parent) => {
    const id = cursor.nodeTypeId;
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
