/** The mermaid settings every Lockflow view uses: strict security, pinned layout and look, raised limits. */
import type { MermaidConfig } from 'mermaid';
import type { DiagramLimits } from './prune';

/** Raised from mermaid's defaults on purpose; above them, prune.ts cuts the graph. */
export const LIMITS: DiagramLimits = { maxTextSize: 200_000, maxEdges: 1_500 };

export function mermaidConfig(theme: MermaidConfig['theme']): MermaidConfig {
  return {
    startOnLoad: false,
    securityLevel: 'strict',
    layout: 'dagre',
    look: 'classic',
    theme,
    // The dark theme puts light edge labels on a light grey box; a dark box keeps them readable.
    ...(theme === 'dark' ? { themeVariables: { edgeLabelBackground: '#2b2b2b' } } : {}),
    maxTextSize: LIMITS.maxTextSize,
    maxEdges: LIMITS.maxEdges,
    // Natural size: the viewer scales it.
    flowchart: { htmlLabels: false, useMaxWidth: false },
    // No wrap: mermaid wraps inside the label escapes (#40;) and garbles the C.
    sequence: { useMaxWidth: false },
  };
}
