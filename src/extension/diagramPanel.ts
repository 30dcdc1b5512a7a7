/**
 * Diagram panels: one per diagram kind, created on demand and reused, each a
 * webview speaking the typed protocol of src/webview/protocol.ts.
 */
import * as vscode from 'vscode';
import type { Diagram, DiagramKind, DiagramTheme, ExportFormat, FromWebview, ToWebview } from '../webview/protocol';
import { diagramHtml, mediaRoot } from './webviewHtml';
import { revealLine } from './reveal';
import { mayReveal, parseFromWebview, revealable } from './webviewMessages';

const VIEW_TYPE = 'lockflow.diagram';
/** A review already at hand answers well within this; one still running gets the panel opened beside it. */
const OPEN_EARLY_AFTER_MS = 50;

export class DiagramPanel implements vscode.Disposable {
  private ready = false;
  private pending: ToWebview[] = [];
  /** What the page shows: sent again when VS Code reloads a webview that was hidden. */
  private lastShow: Extract<ToWebview, { type: 'show' }> | undefined;
  private nextRequest = 1;
  private readonly svgRequests = new Map<number, (svg: string | undefined) => void>();
  private readonly renderedListeners = new Set<(m: Extract<FromWebview, { type: 'rendered' }>) => void>();
  diagram: Diagram | undefined;
  /** The locations this panel sent (its diagram's nodes and steps): the only ones it may reveal. */
  private allowed = new Set<string>();
  /** What selecting a row of the diagram's table does (set by whoever showed it). */
  onSelectRow: ((index: number) => void) | undefined;
  /** What changing the call graph's controls does (set by whoever showed it). */
  onCallGraph: ((choice: Omit<Extract<FromWebview, { type: 'callGraph' }>, 'type'>) => void) | undefined;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly onExport: (panel: DiagramPanel, format: ExportFormat) => void,
  ) {
    // The page is not trusted: a message of the wrong shape is dropped.
    panel.webview.onDidReceiveMessage((raw: unknown) => {
      const m = parseFromWebview(raw);
      if (m) this.receive(m);
    });
  }

  show(diagram: Diagram, theme: DiagramTheme): void {
    this.diagram = diagram;
    this.allowed = revealable(diagram);
    this.panel.title = diagram.title;
    this.lastShow = { type: 'show', diagram, theme };
    this.post(this.lastShow);
  }

  setTheme(theme: DiagramTheme): void {
    if (this.lastShow) this.lastShow = { ...this.lastShow, theme };
    this.post({ type: 'theme', theme });
  }

  /** The SVG as drawn now, or undefined when nothing is drawn. */
  svg(): Promise<string | undefined> {
    const requestId = this.nextRequest++;
    return new Promise((resolve) => {
      this.svgRequests.set(requestId, resolve);
      this.post({ type: 'getSvg', requestId });
    });
  }

  /** Resolves with the next render's outcome (used by tests and progress). */
  nextRender(): Promise<Extract<FromWebview, { type: 'rendered' }>> {
    return new Promise((resolve) => {
      const once = (m: Extract<FromWebview, { type: 'rendered' }>) => {
        this.renderedListeners.delete(once);
        resolve(m);
      };
      this.renderedListeners.add(once);
    });
  }

  private post(message: ToWebview): void {
    if (!this.ready) {
      // Only the latest 'show' matters before the handshake.
      if (message.type === 'show') this.pending = this.pending.filter((m) => m.type !== 'show');
      this.pending.push(message);
      return;
    }
    void this.panel.webview.postMessage(message);
  }

  private receive(m: FromWebview): void {
    switch (m.type) {
      case 'ready': {
        // Also after a hidden panel comes back: its page starts empty again.
        const queued = this.pending.splice(0);
        if (this.ready && this.lastShow && !queued.includes(this.lastShow)) queued.unshift(this.lastShow);
        this.ready = true;
        for (const p of queued) void this.panel.webview.postMessage(p);
        break;
      }
      case 'rendered':
        for (const l of [...this.renderedListeners]) l(m);
        break;
      case 'reveal':
        if (mayReveal(this.allowed, m.ref)) void revealLine(vscode.Uri.parse(m.ref.uri), m.ref.line);
        break;
      case 'selectRow':
        this.onSelectRow?.(m.index);
        break;
      case 'callGraph':
        this.onCallGraph?.({ depth: m.depth, direction: m.direction, lockOnly: m.lockOnly });
        break;
      case 'export':
        this.onExport(this, m.format);
        break;
      case 'svg':
        this.svgRequests.get(m.requestId)?.(m.svg);
        this.svgRequests.delete(m.requestId);
        break;
    }
  }

  dispose(): void {
    this.panel.dispose();
  }
}

export class DiagramPanels implements vscode.Disposable {
  private readonly panels = new Map<DiagramKind, DiagramPanel>();
  private lastActive: DiagramPanel | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly onExport: (panel: DiagramPanel, format: ExportFormat) => void,
  ) {}

  /** Shows the diagram in its kind's panel, creating the panel beside the editor if needed. */
  show(diagram: Diagram, theme: DiagramTheme, onSelectRow?: (index: number) => void, onCallGraph?: DiagramPanel['onCallGraph']): DiagramPanel {
    let p = this.panels.get(diagram.kind);
    if (!p) p = this.create(diagram.kind, diagram.title);
    else p.panel.reveal(undefined, true);
    this.lastActive = p;
    p.onSelectRow = onSelectRow;
    p.onCallGraph = onCallGraph;
    p.show(diagram, theme);
    return p;
  }

  /**
   * Runs `work` (a command waiting on the analysis); when it takes longer than a moment, opens the kind's
   * panel meanwhile, so its page and renderer load while the analysis runs. A panel opened so that
   * was given nothing to show is closed again.
   */
  async whileWaiting<T>(kind: DiagramKind, title: string, work: () => Promise<T>): Promise<T> {
    let early: DiagramPanel | undefined;
    const timer = setTimeout(() => {
      if (!this.panels.has(kind)) early = this.create(kind, title);
    }, OPEN_EARLY_AFTER_MS);
    try {
      return await work();
    } finally {
      clearTimeout(timer);
      if (early && !early.diagram) early.dispose();
    }
  }

  private create(kind: DiagramKind, title: string): DiagramPanel {
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [mediaRoot(this.extensionUri)],
    });
    panel.webview.html = diagramHtml(panel.webview, this.extensionUri, kind);
    const created = new DiagramPanel(panel, this.onExport);
    this.panels.set(kind, created);
    panel.onDidChangeViewState(() => panel.active && (this.lastActive = created));
    panel.onDidDispose(() => {
      this.panels.delete(kind);
      if (this.lastActive === created) this.lastActive = undefined;
    });
    return created;
  }

  /** The panel the user looked at last. */
  active(): DiagramPanel | undefined {
    return this.lastActive;
  }

  setTheme(theme: DiagramTheme): void {
    for (const p of this.panels.values()) p.setTheme(theme);
  }

  dispose(): void {
    for (const p of this.panels.values()) p.dispose();
    this.panels.clear();
  }
}
