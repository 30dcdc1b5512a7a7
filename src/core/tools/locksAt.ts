/** lockflow_locks_at: the locks held at a line, on every path and on some, with where each was taken. */
import { InputError } from '../input/validate';
import { analyse, holdOrigin, site, type HoldOrigin } from './analysis';
import type { ReviewOptions } from '../review';
import type { ToolTree } from './tree';

export interface LocksAt {
  at: string;
  /** The function containing the line; null outside every function (nothing is held there). */
  function: string | null;
  must: HoldOrigin[];
  /** Held on some paths reaching the line, not all. */
  may: HoldOrigin[];
  note?: string;
}

export async function locksAt(tree: ToolTree, file: string, line: number, options: ReviewOptions = {}): Promise<LocksAt> {
  const source = tree.read(file);
  const lines = source.text.split('\n').length - (source.text.endsWith('\n') ? 1 : 0);
  if (line > lines) throw new InputError(`line ${line} is out of range: ${source.path} has ${lines} lines`);
  const outcome = await analyse([source], options);
  const at = site(source.path, line);
  const fn = [...outcome.engine.analyses.values()].find((a) => a.file.path === source.path && a.fn.line <= line && line <= a.fn.endLine);
  const state = outcome.lockStateAt(source.path, line);
  if (!fn || !state) return { at, function: null, must: [], may: [], note: 'outside every analysed function: no lock state here' };
  const some = state.may.filter((l) => !state.must.includes(l));
  return {
    at,
    function: fn.fn.name,
    must: state.must.map((l) => holdOrigin(outcome, fn.fn.name, l, line)),
    may: some.map((l) => holdOrigin(outcome, fn.fn.name, l, line)),
  };
}
