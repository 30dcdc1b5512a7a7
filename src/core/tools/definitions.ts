/**
 * The tools Lockflow offers an LLM review agent, as data: one table for the MCP server, the
 * editor's language-model tools and package.json's `contributes.languageModelTools` (a test
 * checks package.json agrees). Paths are relative to the tree (or workspace folder) the tools
 * serve; nothing outside it is read.
 */

/** The JSON Schema subset the tools' inputs use (checked by tools/input.ts). */
export interface ToolInputSchema {
  type: 'object';
  properties: Record<string, { type: 'string' | 'integer'; description: string; minimum?: number; maximum?: number; maxLength?: number; pattern?: string }>;
  required: string[];
  additionalProperties: false;
}

export interface ToolDefinition {
  name: ToolName;
  /** Short, for people (VS Code's tool picker, an MCP client's list). */
  displayName: string;
  /** For the model: what it answers and when to call it. */
  description: string;
  inputSchema: ToolInputSchema;
}

export type ToolName = 'lockflow_locks_at' | 'lockflow_function_summary' | 'lockflow_callers' | 'lockflow_review' | 'lockflow_lock_order';

/** Longest path and function name a tool accepts: anything longer is not a kernel path or C identifier. */
export const MAX_PATH_CHARS = 4096;
export const MAX_NAME_CHARS = 128;
/** The highest line a tool asks about (as a hunk's start line is bounded). */
export const MAX_LINE = 2_000_000;

const FILE = { type: 'string', maxLength: MAX_PATH_CHARS, description: 'A C file, relative to the tree root (e.g. drivers/iommu/iommu.c).' } as const;
const FUNCTION = { type: 'string', maxLength: MAX_NAME_CHARS, pattern: '^[A-Za-z_][A-Za-z0-9_]*$', description: 'A C function name (e.g. iommu_change_dev_def_domain).' } as const;
const FILE_OF_FUNCTION = { ...FILE, description: 'The C file that defines the function, relative to the tree root. Optional: without it the tree is searched (small trees only).' } as const;

export const TOOL_DEFINITIONS: readonly ToolDefinition[] = [
  {
    name: 'lockflow_locks_at',
    displayName: 'Lockflow: locks held at a line',
    description:
      'Locks held at the start of a line of a C file, computed over every path through its function: `must` (held on every path reaching the line) and `may` (on some paths only), each with where it was taken (file:line and the call) or that it was held on entry (with the callers that hold it). Use it before judging a race, a use-after-unlock or a sleep in atomic context.',
    inputSchema: { type: 'object', properties: { file: FILE, line: { type: 'integer', minimum: 1, maximum: MAX_LINE, description: '1-based line number.' } }, required: ['file', 'line'], additionalProperties: false },
  },
  {
    name: 'lockflow_function_summary',
    displayName: 'Lockflow: lock summary of a function',
    description:
      "A function's lock effects in its caller's terms: locks it acquires, releases (a release of a lock it did not take is the caller's), requires held, temporarily drops (releases and takes back), where it may sleep, its entry context (which locks every caller in view holds), each with the line that shows it.",
    inputSchema: { type: 'object', properties: { function: FUNCTION, file: FILE_OF_FUNCTION }, required: ['function'], additionalProperties: false },
  },
  {
    name: 'lockflow_callers',
    displayName: 'Lockflow: callers and the locks they hold',
    description:
      'The call sites of a function in the file that defines it, each with the caller, file:line and the locks the caller holds at the call (with where it took them). Callers in other files are not seen.',
    inputSchema: { type: 'object', properties: { function: FUNCTION, file: FILE_OF_FUNCTION }, required: ['function'], additionalProperties: false },
  },
  {
    name: 'lockflow_review',
    displayName: 'Lockflow: review a file or patch',
    description:
      "Lockflow's review of a C file, or of a patch or mail (applied to the tree's files): findings as JSON, each with rule, severity, file:line, function, message, the lock or variable it is about, related locations and the lock path that shows it. With a patch, each finding says whether the patch introduced it.",
    inputSchema: { type: 'object', properties: { path: { ...FILE, description: 'A C file, or a patch, mail or mbox file, relative to the tree root.' } }, required: ['path'], additionalProperties: false },
  },
  {
    name: 'lockflow_lock_order',
    displayName: 'Lockflow: lock order of a file or directory',
    description:
      'The lock-class order graph (lockdep style, `struct.field`) of a C file or a directory of C files: each edge "held class -> taken class" with the sites that take it (function, file:line, the lock instances), and the order inversions (possible deadlocks) found.',
    inputSchema: { type: 'object', properties: { path: { ...FILE, description: 'A C file or a directory, relative to the tree root ("." for the whole tree, small trees only).' } }, required: ['path'], additionalProperties: false },
  },
];

export function toolDefinition(name: string): ToolDefinition | undefined {
  return TOOL_DEFINITIONS.find((t) => t.name === name);
}
