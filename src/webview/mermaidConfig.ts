/** The mermaid settings every Lockflow view uses: strict security, pinned layout and look, raised limits. */
import type { MermaidConfig } from 'mermaid';
import type { DiagramLimits } from './prune';
import type { DiagramKind } from './protocol';

/** Raised from mermaid's defaults on purpose; above them, prune.ts cuts the graph. */
export const LIMITS: DiagramLimits = { maxTextSize: 200_000, maxEdges: 1_500 };

/** Lifelines close together: a run's five (two threads, three objects) fit a panel beside the editor. */
const COMPACT_LIFELINES = { width: 50, actorMargin: 10, diagramMarginX: 4, wrapPadding: 4, boxMargin: 4, noteMargin: 4 };

/** A run's text in the panel, in px: the panel shrinks it to fit at most to 12 px (see SEQUENCE_MIN_SCALE). */
export const SEQUENCE_FONT_PX = 13;

/** Mermaid draws with the top-level size but measures with the sequence ones: both, or labels overlap. */
const PANEL_SEQUENCE_FONT = { messageFontSize: SEQUENCE_FONT_PX, noteFontSize: SEQUENCE_FONT_PX, actorFontSize: SEQUENCE_FONT_PX };

export function mermaidConfig(theme: MermaidConfig['theme'], kind?: DiagramKind): MermaidConfig {
  const run = kind === 'simulation';
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
    sequence: { useMaxWidth: false, ...COMPACT_LIFELINES, ...(run ? PANEL_SEQUENCE_FONT : {}) },
    ...(run ? { fontSize: SEQUENCE_FONT_PX } : {}),
  };
}
