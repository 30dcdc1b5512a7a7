/**
 * One entry for every front end (the MCP server, the editor's language-model tools): a tool's
 * name and raw input in, its answer as a JSON value out; bad input is an InputError whose message
 * the agent can act on.
 */
import { InputError } from '../input/validate';
import type { ReviewOptions } from '../review';
import { toolDefinition, type ToolName } from './definitions';
import { checkedInput, type ToolInput } from './input';
import { callers } from './callers';
import { functionSummary } from './functionSummary';
import { locksAt } from './locksAt';
import { lockOrder } from './lockOrder';
import { review } from './review';
import { ToolTree } from './tree';

const RUN: Record<ToolName, (tree: ToolTree, input: ToolInput, options: ReviewOptions) => Promise<unknown>> = {
  lockflow_locks_at: (t, i, o) => locksAt(t, i.file as string, i.line as number, o),
  lockflow_function_summary: (t, i, o) => functionSummary(t, i.function as string, i.file as string | undefined, o),
  lockflow_callers: (t, i, o) => callers(t, i.function as string, i.file as string | undefined, o),
  lockflow_review: (t, i, o) => review(t, i.path as string, o),
  lockflow_lock_order: (t, i, o) => lockOrder(t, i.path as string, o),
};

/** `options`: the front end's lock table and bounds (the editor's settings, `--lock-config`), as its reviews use. */
export async function runTool(name: string, input: unknown, root: string, options: ReviewOptions = {}): Promise<unknown> {
  const tool = toolDefinition(name);
  if (!tool) throw new InputError(`unknown tool '${name.slice(0, 64)}'`);
  return RUN[tool.name](new ToolTree(root), checkedInput(tool, input), options);
}

/** What an invocation will read, for a front end that asks before reading (the editor): a path under the root, or the whole tree. */
export function toolReads(name: string, input: unknown): string {
  const given = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const path = given.file ?? given.path;
  if (typeof path === 'string') return path;
  return name === 'lockflow_function_summary' || name === 'lockflow_callers' ? '.' : '';
}
