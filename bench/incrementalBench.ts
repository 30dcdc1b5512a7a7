/** Re-analysis after a one-function edit of the generated file, against the full review of the edited text. */
import { parseFile } from '../src/core/syntax';
import { reviewEngine, reviewParsed } from '../src/core/review';
import { reanalyzeLocks } from '../src/core/locks/incremental';
import { editOneFunction, type EditKind } from './edit';
import { median, round, time } from './stats';

export interface IncrementalFigures {
  edit: EditKind;
  function: string;
  /** Functions explored again. */
  reexplored: number;
  /** The lock engine's re-analysis (CFGs, exploration, summaries) of the re-parsed file. */
  reanalysisMs: number;
  /** The rules over the updated result. */
  rulesMs: number;
  /** Re-parsing the whole edited file (not incremental: parseFile parses from scratch). */
  reparseMs: number;
  fullReviewMs: number;
}

export async function incrementalFigures(text: string, runs: number): Promise<IncrementalFigures[]> {
  const prev = reviewParsed([await parseFile('bench.c', text)]);
  const out: IncrementalFigures[] = [];
  for (const kind of ['touch', 'drop-unlock'] as const) {
    const edit = editOneFunction(text, kind)!;
    const parsed = await parseFile('bench.c', edit.text);
    const t = { re: [] as number[], rules: [] as number[], parse: [] as number[], full: [] as number[] };
    let reexplored = 0;
    for (let k = 0; k < runs + 2; k++) {
      let engine!: ReturnType<typeof reanalyzeLocks>;
      const re = await time(() => (engine = reanalyzeLocks(prev.engine, [parsed])));
      const rules = await time(() => reviewEngine(engine.engine));
      const parse = await time(() => parseFile('bench.c', edit.text));
      const full = await time(async () => reviewParsed([await parseFile('bench.c', edit.text)]));
      reexplored = engine.reexplored.length;
      if (k < 2) continue; // warm-up
      t.re.push(re);
      t.rules.push(rules);
      t.parse.push(parse);
      t.full.push(full);
    }
    out.push({ edit: kind, function: edit.function, reexplored, reanalysisMs: round(median(t.re)), rulesMs: round(median(t.rules)), reparseMs: round(median(t.parse)), fullReviewMs: round(median(t.full)) });
  }
  return out;
}
