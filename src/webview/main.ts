/**
 * The diagram panel's front end: renders mermaid (bundled, never fetched)
 * with the theme of VS Code, keeps pan/zoom across re-renders, and turns a
 * click on a node into a `reveal` of its source line.
 */
import './styles.css';
import { renderExtras } from './extras';
import { contentHash } from './hash';
import { IDENTITY, PanZoom, type View } from './panZoom';
import { LIMITS, SEQUENCE_FONT_PX, mermaidConfig } from './mermaidConfig';
import { markStep } from './stepMark';
import { pruneDiagram } from './prune';
import type { Diagram, DiagramTheme, FromWebview, StepMark, ToWebview } from './protocol';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): SavedState | undefined;
  setState(state: SavedState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface SavedState {
  /** Pan/zoom per diagram key (kind + title). */
  views: Record<string, View>;
}

/**
 * Mermaid starts loading with the page but is not waited for: the page says `ready` at once, so the
 * diagram travels to it while the renderer (and the chunks the panel preloads) arrive.
 */
const renderer = import('mermaid').then((m) => m.default);

const vscode = acquireVsCodeApi();
const state: SavedState = vscode.getState() ?? { views: {} };
const $ = (id: string) => document.getElementById(id)!;
const diagramEl = $('diagram');
const errorEl = $('error');
const bannerEl = $('banner');
const panZoom = new PanZoom($('viewport'), diagramEl, (v) => {
  if (!current) return;
  state.views[viewKey(current)] = v;
  vscode.setState(state);
});

let current: Diagram | undefined;
let theme: DiagramTheme = 'auto';
let generation = 0;

function viewKey(d: Diagram): string {
  return contentHash(`${d.kind}\u0000${d.title}`);
}

function mermaidTheme(): 'default' | 'dark' | 'neutral' | 'forest' | 'base' {
  if (theme !== 'auto') return theme;
  const cls = document.body.classList;
  if (cls.contains('vscode-high-contrast')) return cls.contains('vscode-high-contrast-light') ? 'neutral' : 'dark';
  return cls.contains('vscode-dark') ? 'dark' : 'default';
}

async function render(): Promise<void> {
  const d = current;
  if (!d) return;
  const mine = ++generation;
  $('title').textContent = d.title;
  renderExtras($('extras'), d, (m) => vscode.postMessage(m), (step) => showStep(step.mark));
  showCallGraphControls(d);
  const { text, pruned } = pruneDiagram(d.mermaid, LIMITS);
  const said = [d.banner, pruned ? `${pruned} more not shown: the diagram is above the display limits.` : ''].filter(Boolean).join(' · ');
  bannerEl.hidden = !said;
  bannerEl.textContent = said;
  try {
    const mermaid = await renderer;
    if (mine !== generation) return;
    mermaid.initialize(mermaidConfig(mermaidTheme(), d.kind));
    await mermaid.parse(text);
    const id = `lf-${contentHash(text + mermaidTheme())}`;
    const { svg } = await mermaid.render(id, text);
    if (mine !== generation) return; // a newer diagram arrived meanwhile
    errorEl.hidden = true;
    diagramEl.innerHTML = svg;
    const nodeCount = wireNodes(d);
    panZoom.set(state.views[viewKey(d)] ?? fitView());
    document.body.dataset.rendered = id;
    vscode.postMessage({ type: 'rendered', nodeCount, pruned });
  } catch (e) {
    if (mine !== generation) return;
    const message = e instanceof Error ? e.message : String(e);
    diagramEl.replaceChildren();
    errorEl.hidden = false;
    errorEl.textContent = `Mermaid could not draw this diagram:\n${message}`;
    document.body.dataset.rendered = 'error';
    vscode.postMessage({ type: 'rendered', nodeCount: 0, pruned, error: message });
  }
}

/** Below this scale mermaid's 16 px text would be under 12 px: a larger diagram is panned, not shrunk further. */
const LEGIBLE_SCALE = 0.75;

/**
 * The view that shows the whole diagram, never enlarged past its natural size nor shrunk past
 * legibility. A sequence diagram (a simulated run) is read top to bottom: it fits the width
 * only, and never below SEQUENCE_MIN_SCALE, so its text stays at least 12 px; the rest is panned to.
 */
function fitView(): View {
  const svg = diagramEl.querySelector('svg');
  const box = $('viewport').getBoundingClientRect();
  if (!svg || !box.width || !box.height) return IDENTITY;
  const w = diagramEl.scrollWidth || 1;
  const h = diagramEl.scrollHeight || 1;
  const scale = current?.kind === 'simulation' ? Math.max(SEQUENCE_MIN_SCALE, Math.min(1, box.width / w)) : Math.max(LEGIBLE_SCALE, Math.min(1, box.width / w, box.height / h));
  return { scale, x: Math.max(0, (box.width - w * scale) / 2), y: 0 };
}

/** A run's text is drawn at SEQUENCE_FONT_PX: shrunk to fit the panel's width, never below 12 px (12.25: whatever the rounding). */
const SEQUENCE_MIN_SCALE = 12.25 / SEQUENCE_FONT_PX;

/** The stepper's step in the drawing: its message (or note) marked, and panned into view. */
function showStep(mark: StepMark | undefined): void {
  const svg = diagramEl.querySelector('svg');
  const shown = svg ? markStep(svg, mark) : undefined;
  if (!shown) return;
  // Read top to bottom: the band spans the drawing's width, so only the height is panned, to the middle
  // when the step is outside the middle three fifths (the steps around it stay in view).
  const view = panZoom.get();
  const port = $('viewport').getBoundingClientRect();
  const r = shown.getBoundingClientRect();
  const edge = port.height / 5;
  if (r.top >= port.top + edge && r.bottom <= port.bottom - edge) return;
  panZoom.set({ ...view, y: view.y + (port.top + port.bottom) / 2 - (r.top + r.bottom) / 2 });
}

/** Makes nodes that stand for a source line clickable; returns the number of nodes drawn. */
function wireNodes(d: Diagram): number {
  const nodes = diagramEl.querySelectorAll<SVGGElement>('g.node');
  for (const g of nodes) {
    const nodeId = g.dataset.id ?? /flowchart-([A-Za-z_]\w*)-\d+$/.exec(g.id)?.[1];
    const ref = nodeId ? d.nodes[nodeId] : undefined;
    if (!ref) continue;
    g.classList.add('lf-clickable');
    g.dataset.line = String(ref.line);
    g.addEventListener('click', () => vscode.postMessage({ type: 'reveal', ref }));
  }
  return nodes.length;
}

/**
 * The diagram for a file: drawn again in the light theme with a white background of its own,
 * so it reads on paper and in any viewer whatever the editor's theme.
 */
async function exportSvg(): Promise<string | undefined> {
  if (!current || !diagramEl.querySelector('svg')) return undefined;
  const { text } = pruneDiagram(current.mermaid, LIMITS);
  const mermaid = await renderer;
  try {
    mermaid.initialize(mermaidConfig('default', current.kind));
    const { svg } = await mermaid.render(`lf-export-${contentHash(text)}`, text);
    return withBackground(svg, '#ffffff');
  } catch {
    return undefined;
  } finally {
    mermaid.initialize(mermaidConfig(mermaidTheme(), current?.kind));
  }
}

/** A filled rectangle under everything, and the colour as the root's style too. */
function withBackground(svg: string, colour: string): string {
  return svg.replace(/<svg\b([^>]*)>/, (_m, attrs: string) => {
    const styled = /\sstyle="/.test(attrs) ? attrs.replace(/\sstyle="/, ` style="background-color: ${colour}; `) : `${attrs} style="background-color: ${colour}"`;
    return `<svg${styled}><rect x="-100000" y="-100000" width="200000" height="200000" fill="${colour}"/>`;
  });
}

const cgDirection = $('cg-direction') as HTMLSelectElement;
const cgDepth = $('cg-depth') as HTMLInputElement;
const cgLockOnly = $('cg-lock-only') as HTMLInputElement;

function showCallGraphControls(d: Diagram): void {
  const c = d.callGraph;
  $('cg-controls').hidden = !c?.root;
  if (!c) return;
  cgDirection.value = c.direction;
  cgDepth.value = String(c.depth);
  cgLockOnly.checked = c.lockOnly;
}

function sendCallGraphChoice(): void {
  const depth = Math.max(1, Math.min(10, Math.floor(Number(cgDepth.value)) || 1));
  const direction = cgDirection.value === 'callers' || cgDirection.value === 'both' ? cgDirection.value : 'callees';
  vscode.postMessage({ type: 'callGraph', depth, direction, lockOnly: cgLockOnly.checked });
}
for (const el of [cgDirection, cgDepth, cgLockOnly]) el.addEventListener('change', sendCallGraphChoice);

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const msg = event.data;
  switch (msg.type) {
    case 'show':
      current = msg.diagram;
      theme = msg.theme;
      void render();
      break;
    case 'theme':
      theme = msg.theme;
      void render();
      break;
    case 'getSvg':
      void exportSvg().then((svg) => vscode.postMessage({ type: 'svg', requestId: msg.requestId, svg }));
      break;
  }
});

// VS Code swaps the body's theme class when the user changes theme.
new MutationObserver(() => theme === 'auto' && void render()).observe(document.body, { attributes: true, attributeFilter: ['class'] });

$('fit').addEventListener('click', () => {
  panZoom.set(fitView());
  if (current) delete state.views[viewKey(current)];
  vscode.setState(state);
});
$('export-svg').addEventListener('click', () => vscode.postMessage({ type: 'export', format: 'svg' }));
$('export-mmd').addEventListener('click', () => vscode.postMessage({ type: 'export', format: 'mmd' }));

vscode.postMessage({ type: 'ready' });
