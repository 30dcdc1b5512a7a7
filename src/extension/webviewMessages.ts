/**
 * Messages from a diagram webview, checked at run time: the page renders mermaid over text from
 * patches, so it is not trusted. A message of the wrong shape is dropped, and a reveal must name
 * a location the panel itself sent (a node or a step of the diagram it shows). No vscode import.
 */
import type { CallDirection, Diagram, FromWebview, SourceRef } from '../webview/protocol';

const EXPORT_FORMATS = new Set(['svg', 'mmd']);
const DIRECTIONS = new Set(['callees', 'callers', 'both']);
const MAX_SVG = 32 * 1024 * 1024;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function sourceRef(v: unknown): SourceRef | undefined {
  if (!isRecord(v) || typeof v.uri !== 'string' || v.uri.length > 4096 || !isCount(v.line)) return undefined;
  return { uri: v.uri, line: v.line };
}

/** The message as the protocol types it, or undefined when it is not one. */
export function parseFromWebview(m: unknown): FromWebview | undefined {
  if (!isRecord(m) || typeof m.type !== 'string') return undefined;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'rendered':
      if (!isCount(m.nodeCount) || !isCount(m.pruned) || (m.error !== undefined && typeof m.error !== 'string')) return undefined;
      return { type: 'rendered', nodeCount: m.nodeCount, pruned: m.pruned, ...(m.error !== undefined ? { error: (m.error as string).slice(0, 2000) } : {}) };
    case 'reveal': {
      const ref = sourceRef(m.ref);
      return ref && { type: 'reveal', ref };
    }
    case 'export':
      return typeof m.format === 'string' && EXPORT_FORMATS.has(m.format) ? { type: 'export', format: m.format as 'svg' | 'mmd' } : undefined;
    case 'selectRow':
      return isCount(m.index) ? { type: 'selectRow', index: m.index } : undefined;
    case 'callGraph':
      if (!isCount(m.depth) || m.depth < 1 || m.depth > 10 || typeof m.direction !== 'string' || !DIRECTIONS.has(m.direction) || typeof m.lockOnly !== 'boolean') return undefined;
      return { type: 'callGraph', depth: m.depth, direction: m.direction as CallDirection, lockOnly: m.lockOnly };
    case 'svg':
      if (!isCount(m.requestId) || (m.svg !== undefined && (typeof m.svg !== 'string' || m.svg.length > MAX_SVG))) return undefined;
      return { type: 'svg', requestId: m.requestId, svg: m.svg as string | undefined };
    default:
      return undefined;
  }
}

function refKey(ref: SourceRef): string {
  return `${ref.line}\u0000${ref.uri}`;
}

/** The locations a diagram may ask to reveal: its nodes' and its steps'. */
export function revealable(diagram: Diagram): Set<string> {
  const refs = [...Object.values(diagram.nodes), ...(diagram.steps ?? []).flatMap((s) => (s.ref ? [s.ref] : []))];
  return new Set(refs.map(refKey));
}

export function mayReveal(allowed: Set<string>, ref: SourceRef): boolean {
  return allowed.has(refKey(ref));
}
