/**
 * Core graph models -> diagrams for the panel: the mermaid text of the one
 * serializer plus, for each node id, the source line it stands for.
 */
import {
  buildCallGraph,
  buildCfg,
  callGraphModel,
  cfgModel,
  flowchartText,
  lockFlowModel,
  lockOrderModel,
  lockOrderPairs,
  nodePositions,
  selectCallGraph,
  type CallDirection,
  type FunctionInfo,
  type FunctionLockFlow,
  type GraphModel,
  type LockOrderEdge,
  type ParsedFile,
} from '../core';
import type { Diagram, DiagramKind, SourceRef } from '../webview/protocol';

/** Maps a core file path back to the URI of the document it was parsed from. */
export type UriOf = (path: string) => string | undefined;

function modelDiagram(kind: DiagramKind, title: string, model: GraphModel, uriOf: UriOf, labelMax?: number): Diagram {
  const nodes: Record<string, SourceRef> = {};
  for (const [id, at] of Object.entries(nodePositions(model))) {
    const uri = at.file !== undefined ? uriOf(at.file) : undefined;
    if (uri) nodes[id] = { uri, line: at.line };
  }
  return { kind, title, mermaid: flowchartText(model, labelMax), nodes, ...(model.banner ? { banner: model.banner } : {}) };
}

export interface CallGraphRequest {
  /** Without a root: the whole file. */
  root?: string;
  depth: number;
  direction: CallDirection;
  lockRelevant?: (name: string) => boolean;
  lockOnly?: boolean;
}

export function callGraphDiagram(files: ParsedFile[], request: CallGraphRequest, uriOf: UriOf, title: string): Diagram {
  const view = selectCallGraph(buildCallGraph(files), request.root, request.root ? request.depth : Infinity, request.direction);
  const model = callGraphModel(view, { lockRelevant: request.lockRelevant, lockOnly: request.lockOnly });
  return { ...modelDiagram('callgraph', title, model, uriOf), callGraph: { root: request.root, depth: request.depth, direction: request.direction, lockOnly: !!request.lockOnly } };
}

export function cfgDiagram(file: ParsedFile, fn: FunctionInfo, uri: string): Diagram {
  return modelDiagram('cfg', `CFG of ${fn.name}()`, cfgModel(buildCfg(file, fn)), () => uri);
}

/** The function whose definition contains the 1-based line, if any. */
export function functionAt<F extends Pick<FunctionInfo, 'line' | 'endLine'>>(file: { functions: F[] }, line: number): F | undefined {
  return file.functions.find((f) => f.line <= line && line <= f.endLine);
}

export function lockFlowDiagram(flow: FunctionLockFlow, uriOf: UriOf): Diagram {
  return modelDiagram('lockflow', `Lock flow of ${flow.function}()`, lockFlowModel(flow), uriOf, 70);
}

/** The order graph, and beside it each class pair with its count, whether it closes a cycle, and its sites. */
export function lockOrderDiagram(edges: LockOrderEdge[], uriOf: UriOf, title: string): Diagram {
  const pairs = lockOrderPairs(edges);
  const d = modelDiagram('lockorder', title, lockOrderModel(edges), uriOf);
  if (!pairs.length) return d;
  const rows = pairs.map((p) => [`${p.from} → ${p.to}`, String(p.sites.length), p.inCycle ? 'cycle' : '', p.sites.map((s) => `${s.function}() L${s.line}`).join(', ')]);
  return { ...d, table: { columns: ['order', 'sites', '', 'where'], rows, selected: -1 } };
}

/** The first site of the i-th pair of the lock order table (what selecting its row reveals). */
export function lockOrderSite(edges: LockOrderEdge[], index: number): LockOrderEdge | undefined {
  const p = lockOrderPairs(edges)[index];
  return p && { from: p.from, to: p.to, ...p.sites[0] };
}
