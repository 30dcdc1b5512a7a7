/**
 * Lockflow's core as its shells see it: the CLI, the editor extension and its analysis worker
 * import this module and nothing deeper (test/facade.test.ts checks). Text comes in; reviews,
 * patch reviews, simulations, graphs and rendered reports come out.
 */
import { DEFAULT_ENGINE_OPTIONS } from './locks/engine';
import { DEFAULT_OPTIONS as SIMULATION_DEFAULTS } from './sim';

/** The bounds every front end starts from (the CLI's flags and the editor's settings default to these). */
export const DEFAULT_OPTIONS = {
  review: DEFAULT_ENGINE_OPTIONS,
  simulation: SIMULATION_DEFAULTS,
} as const;

// Reviews: of files, of a changing set of files (incremental), of a patch.
export { Session, type SourceFile } from './session';
export { reviewFiles, reviewParsed, RULES, type ReviewOptions, type ReviewOutcome } from './review';
export type { Finding, FunctionReport, LockOrderEdge, ReviewResult, RuleId, TraceStep } from './review/types';
export { reviewPatch, patchedFiles, type PatchedFile, type PatchReviewOutcome } from './review/patchReview';
export { patchGroups, gatedFindings } from './review/patchGroups';

// Input: the one confined reader, git bases, kernel-tree headers, patches and mails.
export { InputError, rejectText } from './input/validate';
export { readUserFile, readInside, isInside, orMissing, errno } from './input/userFile';
export { listCFiles } from './input/cFiles';
export { gitIdentity, preimageReader, revisionReader } from './input/gitBase';
export { contextHeadersOf, treeOf, type ContextHeaders } from './input/includes';
export { readPatchInput, isPatchLike, applyPatchSet, baseLineOf } from './patch';
export type { ApplyResult, BaseRead, FileOutcome, FilePatch, PatchSet, ReviewComment } from './patch';

// Syntax and the lock engine's facts, for the editor's hovers, lenses and inlay hints.
export { parseFile, IncrementalTree, initSyntax, type CompiledSyntax, type FunctionInfo, type ParsedFile, type Severity, type SyntaxDiagnostic } from './syntax';
export { parseKnowledge, parseKnowledgeText, type KnowledgeDocument } from './knowledge';
export type { ContextAssumption } from './locks/engine';
export type { FunctionLockFlow, LockState } from './locks/api';

// The simulator.
export { simulate, simulateWithProgress, SimulationError, ScenarioError, loadScenarios, defaultMatrix, defaultRaces, renderText, renderMermaid } from './sim';
export type { RunReport, Scenario, SimulationReport } from './sim';
export { sequenceDiagram, runSequence, type RunSequence, type StepMark } from './sim/diagram';
export { groupRuns, scenarioGroups, summaryLines, type Outcome, type ScenarioGroup } from './sim/views';
export { buildProgram } from './sim/run';

// Graphs and reports.
export { buildCallGraph, callGraphToMermaid, callGraphModel, callGraphToJson, selectCallGraph, CALL_DIRECTIONS, MAX_DIAGRAM_NODES, type CallDirection, type CallGraphView } from './callgraph';
export { buildCfg, cfgToMermaid, cfgModel, cfgToText, cfgToJson } from './cfg';
export { lockFlowToMermaid, lockFlowModel, lockOrderToMermaid, lockOrderModel, lockOrderPairs, type LockOrderPair, type MermaidDiagram } from './render/lockDiagrams';
export { lockEffectWords, lockRelevance } from './render/lockWords';
export { flowchartText } from './mermaid/flowchart';
export { sequenceText, type SequenceModel, type SequenceItem } from './mermaid/sequence';
export { nodeId, nodePositions, type GraphModel, type GraphNode, type GraphEdge } from './mermaid/model';
export { mermaidLabel } from './mermaid/text';
export { reportInput } from './render/report';
export { reviewToText } from './render/reviewText';
export { reviewToSarif } from './render/sarif';
export { reportToMarkdown } from './render/markdown';
export { reportToHtml } from './render/html';
export { reviewToMail, type ReplyOptions } from './render/mail';
export { threadsToMail, threadsHaveNotes, type ReplyThread } from './render/threadReply';
export { findingSections, patchStatusPhrase } from './render/sections';
export { RENDERERS, REVIEW_FORMATS, type ReviewFormat, type RenderInput } from './render/formats';

// Tools for LLM review agents (the MCP server and the editor's language-model tools).
export { TOOL_DEFINITIONS, runTool, toolReads, type ToolDefinition, type ToolName } from './tools';
export type { LocksAt, FunctionSummaryAnswer, CallersAnswer, ReviewAnswer, LockOrderAnswer } from './tools';
export { fileRecord, recordHash, joinRecords, joinState, applyRecord, emptyJoin, pruneJoin, shardSymbols, splitJoin, mergeJoin, coverage, shardsOfRecord, type JoinState, defaultIndexDir, IndexStore, TreeIndexReader, INDEX_FORMAT, type FileRecord, type TreeSymbols, type SymbolsHead, type SymbolsShard, type Manifest, type IndexForReview } from './treeIndex';
