/** lockflow_callers: the calls of a function in the file that defines it, with the locks held at each. */
import { analyse, analysisOf, callSitesOf, site } from './analysis';
import type { ReviewOptions } from '../review';
import type { ToolTree } from './tree';

/** Most call sites listed: a helper called more often than this is summarised by the count. */
const MAX_CALLERS = 200;

export type CallersAnswer = Awaited<ReturnType<typeof callers>>;

export async function callers(tree: ToolTree, name: string, file?: string, options: ReviewOptions = {}) {
  const source = await tree.definitionOf(name, file);
  const outcome = await analyse([source], options);
  const a = analysisOf(outcome, name);
  const sites = callSitesOf(outcome, name);
  return {
    function: name,
    definedAt: site(a.file.path, a.fn.line),
    /** What was read: callers elsewhere are not seen. */
    scope: [source.path],
    count: sites.length,
    callers: sites.slice(0, MAX_CALLERS),
  };
}
