/**
 * The diagram panel's message protocol: one union of messages to the webview,
 * one from it, each with a `type`. Shared by the extension host and the
 * webview, so it holds types only (no DOM, no vscode).
 */

/** Where a diagram node comes from in the user's code. */
export interface SourceRef {
  /** A URI string (file:, lockflow-patched:, ...), as the extension knows the document. */
  uri: string;
  /** 1-based line. */
  line: number;
}

export type DiagramKind = 'callgraph' | 'cfg' | 'lockflow' | 'lockorder' | 'simulation';

/** A table above the diagram (the simulation's scenario matrix); clicking a row selects it. */
export interface DiagramTable {
  columns: string[];
  rows: string[][];
  selected: number;
}

/** Steps the user walks through with Prev/Next (a simulated run's trace); each moves the editor. */
export interface DiagramStep {
  label: string;
  ref?: SourceRef;
  /** Where the step is drawn in the diagram, if it is. */
  mark?: StepMark;
}

/** The k-th message (or note) of a sequence diagram, in the order mermaid draws each kind. */
export interface StepMark {
  kind: 'message' | 'note';
  index: number;
}

export interface Diagram {
  kind: DiagramKind;
  title: string;
  /** Mermaid source with generated node ids (`n17`) and escaped labels. */
  mermaid: string;
  /** Node id -> the line it stands for; nodes without an entry are not clickable. */
  nodes: Record<string, SourceRef>;
  table?: DiagramTable;
  steps?: DiagramStep[];
  /** What the builder left out (nodes past a limit, a filter), said above the drawing. */
  banner?: string;
  /** A call graph's choices, shown as controls the user can change. */
  callGraph?: CallGraphChoice;
  /** Lines above everything (a simulation's coverage, assumptions and stopped runs). */
  summary?: string[];
}

export type CallDirection = 'callees' | 'callers' | 'both';

export interface CallGraphChoice {
  root?: string;
  depth: number;
  direction: CallDirection;
  /** Only functions with lock effects and the calls that lead to them. */
  lockOnly: boolean;
}

/** `auto` follows the VS Code theme (the body's vscode-dark/-light/-high-contrast class). */
export type DiagramTheme = 'auto' | 'default' | 'dark' | 'neutral' | 'forest';

export type ExportFormat = 'svg' | 'mmd';

export type ToWebview =
  | { type: 'show'; diagram: Diagram; theme: DiagramTheme }
  | { type: 'theme'; theme: DiagramTheme }
  /** Request by id: the webview answers with `svg`. */
  | { type: 'getSvg'; requestId: number };

export type FromWebview =
  | { type: 'ready' }
  /** A render finished: the node labels shown, or the error text shown instead. */
  | { type: 'rendered'; nodeCount: number; pruned: number; error?: string }
  | { type: 'reveal'; ref: SourceRef }
  | { type: 'export'; format: ExportFormat }
  | { type: 'selectRow'; index: number }
  /** The call graph's controls changed: draw it again with these. */
  | { type: 'callGraph'; depth: number; direction: CallDirection; lockOnly: boolean }
  | { type: 'svg'; requestId: number; svg: string | undefined };
