/**
 * `npm run bench -- --tree DIR [--list FILE]`: the review on real kernel files
 * (corpus/files.txt by default), each in the corpus harness's worker with its
 * time budget, against native tree-sitter parse of the same preprocessed text.
 * Review time per 1,000 lines and the ratio to native parse, over the files
 * that finished; files over the budget are listed.
 */
import { readFileSync } from 'node:fs';
import { preprocessKernelC } from '../src/core/syntax/preprocess';
import { parseList } from './corpusLib';
import { CorpusRunner, lineCount, readCapped } from './corpusRunner';
import { loadNativeParser } from './native';
import { median, round, time } from './stats';

export interface RealFileFigures {
  tree: string;
  files: number;
  reviewed: number;
  lines: number;
  reviewMs: number;
  reviewMsPer1kLines: number;
  nativeParseMs: number | null;
  nativeParseMsPer1kLines: number | null;
  reviewToNativeParse: number | null;
  nativeNote?: string;
  /** The file with the highest review/native ratio. */
  worst?: { path: string; lines: number; reviewMs: number; ratio: number | null };
  overBudget: string[];
  budgetMs: number;
}

export async function realFileFigures(tree: string, listPath: string, runs: number, budgetMs = 10_000): Promise<RealFileFigures> {
  const paths = parseList(readFileSync(listPath, 'utf8'));
  const native = loadNativeParser();
  const runner = new CorpusRunner();
  const overBudget: string[] = [];
  let lines = 0;
  let reviewMs = 0;
  let nativeMs = 0;
  let reviewed = 0;
  let worst: RealFileFigures['worst'];
  try {
    // Warm the worker's JIT and wasm heap on a small generated file, so the first real file is not mostly warm-up.
    await runner.warm();
    for (const path of paths) {
      const read = readCapped(tree, path);
      if (!('text' in read)) continue;
      const samples: number[] = [];
      let timedOut = false;
      for (let k = 0; k < runs && !timedOut; k++) {
        const r = await runner.review(tree, path, budgetMs);
        if (r.status !== 'ok') timedOut = true;
        else samples.push(r.ms);
      }
      if (timedOut) {
        overBudget.push(path);
        continue;
      }
      const r = median(samples);
      let n: number | null = null;
      if ('parse' in native) {
        const pre = preprocessKernelC(read.text).text;
        native.parse(pre);
        const ns: number[] = [];
        for (let k = 0; k < Math.max(runs, 3); k++) ns.push(await time(() => native.parse(pre)));
        n = median(ns);
        nativeMs += n;
      }
      const fileLines = lineCount(read.text);
      lines += fileLines;
      reviewMs += r;
      reviewed++;
      const ratio = n ? r / n : null;
      if (!worst || (ratio ?? r) > (worst.ratio ?? worst.reviewMs)) worst = { path, lines: fileLines, reviewMs: round(r), ratio: ratio === null ? null : round(ratio) };
    }
  } finally {
    await runner.close();
  }
  const hasNative = 'parse' in native && reviewed > 0;
  return {
    tree,
    files: paths.length,
    reviewed,
    lines,
    reviewMs: round(reviewMs),
    reviewMsPer1kLines: lines ? round((reviewMs * 1000) / lines) : 0,
    nativeParseMs: hasNative ? round(nativeMs) : null,
    nativeParseMsPer1kLines: hasNative && lines ? round((nativeMs * 1000) / lines, 3) : null,
    reviewToNativeParse: hasNative && nativeMs ? round(reviewMs / nativeMs) : null,
    ...('unavailable' in native ? { nativeNote: native.unavailable } : {}),
    worst,
    overBudget,
    budgetMs,
  };
}
