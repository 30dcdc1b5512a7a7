/**
 * The single-file figures: web-tree-sitter parse, native parse and the full
 * review of the same generated file, each run timing all three so the
 * ratios come from the same run; plus where the review's time goes.
 */
import { initSyntax, parseFile } from '../src/core/syntax';
import { preprocessKernelC } from '../src/core/syntax/preprocess';
import { analyzeLocks } from '../src/core/locks/engine';
import { engineOptions, reviewEngine, reviewParsed } from '../src/core/review';
import { loadNativeParser } from './native';
import { median, round, time } from './stats';

export interface ReviewFigures {
  lines: number;
  parseMs: number;
  reviewMs: number;
  reviewToParse: number;
  nativeParseMs: number | null;
  reviewToNativeParse: number | null;
  nativeNote?: string;
  findings: number;
  functions: number;
  /** The review's parts: our parse (preprocess, wasm parse, tree conversion, file model), the lock engine, the rules. */
  breakdown: { parseFileMs: number; engineMs: number; rulesMs: number };
}

export async function reviewFigures(text: string, runs: number): Promise<ReviewFigures> {
  const parser = await initSyntax();
  const native = loadNativeParser();
  const pre = preprocessKernelC(text).text;
  let last = reviewParsed([await parseFile('bench.c', text)]);
  for (let k = 0; k < 3; k++) last = reviewParsed([await parseFile('bench.c', text)]);
  if ('parse' in native) for (let k = 0; k < 3; k++) native.parse(pre);

  const parse: number[] = [];
  const review: number[] = [];
  const nat: number[] = [];
  const toParse: number[] = [];
  const toNative: number[] = [];
  const parts = { parseFileMs: [] as number[], engineMs: [] as number[], rulesMs: [] as number[] };
  for (let k = 0; k < runs; k++) {
    const p = await time(() => parser.parse(pre)!.delete());
    const r = await time(async () => reviewParsed([await parseFile('bench.c', text)]));
    parse.push(p);
    review.push(r);
    toParse.push(r / p);
    if ('parse' in native) {
      const n = await time(() => native.parse(pre));
      nat.push(n);
      toNative.push(r / n);
    }
    let file!: Awaited<ReturnType<typeof parseFile>>;
    parts.parseFileMs.push(await time(async () => (file = await parseFile('bench.c', text))));
    let engine!: ReturnType<typeof analyzeLocks>;
    parts.engineMs.push(await time(() => (engine = analyzeLocks([file], engineOptions({})))));
    parts.rulesMs.push(await time(() => reviewEngine(engine)));
  }
  return {
    lines: text.split('\n').length,
    parseMs: round(median(parse)),
    reviewMs: round(median(review)),
    reviewToParse: round(median(toParse)),
    nativeParseMs: nat.length ? round(median(nat)) : null,
    reviewToNativeParse: toNative.length ? round(median(toNative)) : null,
    ...('unavailable' in native ? { nativeNote: native.unavailable } : {}),
    findings: last.result.findings.length,
    functions: last.result.functions.length,
    breakdown: { parseFileMs: round(median(parts.parseFileMs)), engineMs: round(median(parts.engineMs)), rulesMs: round(median(parts.rulesMs)) },
  };
}
