/**
 * Core results -> diagrams for the panel: the core's mermaid text plus, for
 * each generated node id, the source line it stands for.
 */
import { buildCallGraph, callGraphToMermaid, selectCallGraph, buildCfg, cfgToMermaid, lockFlowToMermaid, lockOrderToMermaid, type FunctionLockFlow, type MermaidDiagram, type LockOrderEdge, type FunctionInfo, type ParsedFile } from '../core';
import type { Diagram, SourceRef } from '../webview/protocol';

/** Maps a core file path back to the URI of the document it was parsed from. */
export type UriOf = (path: string) => string | undefined;

export function callGraphDiagram(files: ParsedFile[], uriOf: UriOf, title: string): Diagram {
  const view = selectCallGraph(buildCallGraph(files));
  const nodes: Record<string, SourceRef> = {};
  // callGraphToMermaid names node i `n${i}`, in view.nodes order.
  view.nodes.forEach((n, i) => {
    const uri = n.file ? uriOf(n.file) : undefined;
    if (uri && n.line) nodes[`n${i}`] = { uri, line: n.line };
  });
  return { kind: 'callgraph', title, mermaid: callGraphToMermaid(view), nodes };
}

export function cfgDiagram(file: ParsedFile, fn: FunctionInfo, uri: string): Diagram {
  const cfg = buildCfg(file, fn);
  const nodes: Record<string, SourceRef> = {};
  // cfgToMermaid names block b `n${b.id}`.
  for (const b of cfg.blocks) nodes[`n${b.id}`] = { uri, line: b.kind === 'exit' ? fn.endLine : b.kind === 'entry' ? fn.line : b.line };
  return { kind: 'cfg', title: `CFG of ${fn.name}()`, mermaid: cfgToMermaid(cfg), nodes };
}

/** The function whose definition contains the 1-based line, if any. */
export function functionAt<F extends Pick<FunctionInfo, 'line' | 'endLine'>>(file: { functions: F[] }, line: number): F | undefined {
  return file.functions.find((f) => f.line <= line && line <= f.endLine);
}

function refs(d: MermaidDiagram, uriOfLine: (line: number) => string | undefined): Record<string, SourceRef> {
  const nodes: Record<string, SourceRef> = {};
  for (const [id, line] of Object.entries(d.lines)) {
    const uri = uriOfLine(line);
    if (uri) nodes[id] = { uri, line };
  }
  return nodes;
}

export function lockFlowDiagram(flow: FunctionLockFlow, uriOf: UriOf): Diagram {
  const d = lockFlowToMermaid(flow);
  return { kind: 'lockflow', title: `Lock flow of ${flow.function}()`, mermaid: d.text, nodes: refs(d, () => uriOf(flow.file)) };
}

export function lockOrderDiagram(edges: LockOrderEdge[], uriOf: UriOf, title: string): Diagram {
  const d = lockOrderToMermaid(edges);
  // A class node's line is that of an edge leaving it: that edge names the file.
  return { kind: 'lockorder', title, mermaid: d.text, nodes: refs(d, (line) => { const e = edges.find((x) => x.line === line); return e && uriOf(e.file); }) };
}
