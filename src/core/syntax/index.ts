/**
 * Kernel-aware C parsing: text -> ParsedFile. Never throws on bad C: what
 * cannot be parsed becomes diagnostics, and the functions that can be found
 * are returned with their exact ranges in the user's text.
 */
import { buildFileModel } from './extract';
import { parseToSNodes, ParseTimeout, type IncrementalTree } from './parser';
import type { SNode } from './node';
import { MAX_LINE_LENGTH, preprocessKernelC, type Preprocessed } from './preprocess';
import type { ParsedFile } from './model';
import { callsSomething, computesOnly, macroFunctionsEach, macroFunctionsText } from './macroFunctions';
import { withMacroDefinedFunctions } from './macroDefinitions';

export { initSyntax, defaultGrammarDir, IncrementalTree, type CompiledSyntax } from './parser';
export * from './model';
export * from './node';
export { LineMap } from './lines';
export { CONSTANT_NAME, ConstantTable } from './constants';
export { Scopes } from './scopes';
export { isArithmeticType, isNumberType, isUnsignedType, type NumberFields } from './numberTypes';

/**
 * Parses a file. With `incremental`, the document's previous tree is reused
 * for the parts an edit did not touch (the editor keeps one per document).
 */
export async function parseFile(path: string, source: string, incremental?: IncrementalTree): Promise<ParsedFile> {
  // The functions the file's own macros define, read in place of those macros (the same length and lines).
  const { text, ranges } = withMacroDefinedFunctions(source);
  const pre = preprocessKernelC(text);
  const file = await parseBounded(path, text, pre, incremental);
  // What the parser says of a macro's body read as a function is not the file's to show: the compiler reads it at each use.
  if (ranges.length) {
    const spans = ranges.map((r) => [file.lines.line(r.start), file.lines.line(r.end)]);
    file.diagnostics = file.diagnostics.filter((d) => !spans.some(([first, last]) => d.line >= first && d.line <= last));
  }
  const [computing, macros] = macroFunctionsEach(text, [computesOnly, callsSomething]);
  if (computing.length) file.valueMacros = new Set(computing.map((m) => m.name));
  if (macros.length) {
    const own = macroFunctionsText(file.lines.line(text.length), macros);
    const model = await parseBounded(path, own, preprocessKernelC(own));
    // What the macros' text says of itself is not the file's to show.
    file.macros = { ...model, diagnostics: [], limits: [], macrosOf: path };
  }
  for (const l of pre.longLines) {
    const message = `line ${l.line} is ${Math.round(l.length / 1024)} KB long; lines over ${MAX_LINE_LENGTH / 1024} KB are not read as C`;
    file.diagnostics.push({ severity: 'warning', message, file: path, line: l.line, column: 1, endLine: l.line });
    file.limits.push(`${path}:${l.line}: not reviewed: ${message}`);
  }
  return file;
}

/** The file model, or an empty one with the reason when parsing hit its time limit. */
async function parseBounded(path: string, text: string, pre: Preprocessed, incremental?: IncrementalTree): Promise<ParsedFile> {
  try {
    return buildFileModel(path, text, await (incremental ? incremental.parse(pre.text) : parseToSNodes(pre.text)), pre);
  } catch (e) {
    if (!(e instanceof ParseTimeout)) throw e;
    const empty: SNode = { type: 'translation_unit', named: true, field: null, start: 0, end: text.length, missing: false, children: [], parent: null };
    const file = buildFileModel(path, text, empty, pre);
    file.diagnostics.push({ severity: 'error', message: e.message, file: path, line: 1, column: 1, endLine: 1 });
    return file;
  }
}

/** The source text of a node. */
export function textOf(file: ParsedFile, node: { start: number; end: number }): string {
  return file.text.slice(node.start, node.end);
}
