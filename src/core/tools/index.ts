/** Lockflow as tools for an LLM review agent: the table of tools and the one function that runs them. */
export { TOOL_DEFINITIONS, toolDefinition, type ToolDefinition, type ToolInputSchema, type ToolName } from './definitions';
export { runTool, toolReads } from './run';
export type { LocksAt } from './locksAt';
export type { FunctionSummaryAnswer } from './functionSummary';
export type { CallersAnswer } from './callers';
export type { ReviewAnswer } from './review';
export type { LockOrderAnswer } from './lockOrder';
