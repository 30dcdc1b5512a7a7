/**
 * The one mermaid serializer of graph models: ids generated, each label
 * escaped once (node and edge labels each the way mermaid reads them back).
 */
import { edgeLabel, mermaidLabel } from './text';
import { nodeId, type Emphasis, type GraphModel, type GraphNode } from './model';

/** Stroke colours that read on light and dark themes alike. */
const STROKE: Record<Exclude<Emphasis, 'normal'>, string> = {
  lock: 'stroke:#b26a00,stroke-width:2px',
  acquire: 'stroke:#2e7d32',
  error: 'stroke:#d9534f,stroke-width:2px',
  muted: 'stroke-dasharray: 4 4',
};

function shaped(n: GraphNode, max: number): string {
  const q = `"${mermaidLabel(n.label, max)}"`;
  switch (n.shape) {
    case 'round':
      return `(${q})`;
    case 'stop':
      return `([${q}])`;
    case 'decision':
      return `{${q}}`;
    default:
      return `[${q}]`;
  }
}

const ARROW = { solid: '-->', dotted: '-.->', thick: '==>' } as const;

export function flowchartText(model: GraphModel, labelMax = 80): string {
  const out = [`flowchart ${model.direction}`];
  const ids = new Map<string, string>();
  model.nodes.forEach((n, i) => {
    const id = nodeId(i);
    ids.set(n.key, id);
    out.push(`  ${id}${shaped(n, labelMax)}`);
    if (n.emphasis && n.emphasis !== 'normal') out.push(`  style ${id} ${STROKE[n.emphasis]}`);
  });
  let k = 0;
  for (const e of model.edges) {
    const a = ids.get(e.from);
    const b = ids.get(e.to);
    if (!a || !b) continue;
    const label = e.label ? `|"${edgeLabel(e.label, labelMax)}"|` : '';
    out.push(`  ${a} ${ARROW[e.kind ?? 'solid']}${label} ${b}`);
    if (e.emphasis && e.emphasis !== 'normal' && e.emphasis !== 'muted') out.push(`  linkStyle ${k} ${STROKE[e.emphasis]}`);
    k++;
  }
  if (model.banner) {
    out.push(`  lfBanner["${mermaidLabel(model.banner, 200)}"]`, '  style lfBanner stroke-dasharray: 4 4');
  }
  return out.join('\n');
}
