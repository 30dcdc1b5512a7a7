/**
 * Kernel-aware C parsing: text -> ParsedFile. Never throws on bad C: what
 * cannot be parsed becomes diagnostics, and the functions that can be found
 * are returned with their exact ranges in the user's text.
 */
import { buildFileModel } from './extract';
import { parseToSNodes } from './parser';
import { preprocessKernelC } from './preprocess';
import type { ParsedFile } from './model';

export { initSyntax, defaultGrammarDir } from './parser';
export * from './model';
export * from './node';
export { LineMap } from './lines';

export async function parseFile(path: string, text: string): Promise<ParsedFile> {
  const pre = preprocessKernelC(text);
  const root = await parseToSNodes(pre.text);
  return buildFileModel(path, text, root, pre);
}

/** The source text of a node. */
export function textOf(file: ParsedFile, node: { start: number; end: number }): string {
  return file.text.slice(node.start, node.end);
}
