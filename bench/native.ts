/**
 * Native tree-sitter (the `tree-sitter` package with tree-sitter-c's own
 * binding, loaded by node-gyp-build): the practical limit for parsing. A
 * bench-only dev dependency; when it cannot load, the benchmark says why.
 */
export type NativeParser = { parse(text: string): void } | { unavailable: string };

export function loadNativeParser(): NativeParser {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Parser = require('tree-sitter');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const C = require('tree-sitter-c');
    const parser = new Parser();
    parser.setLanguage(C);
    // The native binding's default buffer is 32 KiB per chunk; give the whole text at once.
    return { parse: (text: string) => void parser.parse(text, undefined, { bufferSize: text.length * 2 + 1 }) };
  } catch (e) {
    return { unavailable: `native tree-sitter could not be loaded: ${(e as Error).message.split('\n')[0]}` };
  }
}
