/**
 * Pan (drag) and zoom (wheel) of the diagram by a CSS transform on its
 * wrapper. The view is kept per diagram key in the webview's saved state, so
 * a re-render of the same diagram (an edit, a theme change) keeps it.
 */
export interface View {
  scale: number;
  x: number;
  y: number;
}

export const IDENTITY: View = { scale: 1, x: 0, y: 0 };

export class PanZoom {
  private view: View = { ...IDENTITY };
  private drag: { x: number; y: number; vx: number; vy: number } | undefined;

  constructor(
    private readonly viewport: HTMLElement,
    private readonly target: HTMLElement,
    private readonly onChange: (v: View) => void,
  ) {
    viewport.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    viewport.addEventListener('pointerdown', (e) => this.onDown(e));
    viewport.addEventListener('pointermove', (e) => this.onMove(e));
    viewport.addEventListener('pointerup', () => (this.drag = undefined));
    viewport.addEventListener('pointerleave', () => (this.drag = undefined));
  }

  set(v: View): void {
    this.view = { ...v };
    this.target.style.transform = `translate(${v.x}px, ${v.y}px) scale(${v.scale})`;
  }

  get(): View {
    return { ...this.view };
  }

  private update(v: View): void {
    this.set(v);
    this.onChange(this.get());
  }

  private onWheel(e: WheelEvent): void {
    e.preventDefault();
    const r = this.viewport.getBoundingClientRect();
    const px = e.clientX - r.left;
    const py = e.clientY - r.top;
    const factor = Math.exp(-e.deltaY * 0.0015);
    const scale = Math.min(8, Math.max(0.1, this.view.scale * factor));
    const k = scale / this.view.scale;
    // Zoom about the pointer: the point under it stays under it.
    this.update({ scale, x: px - (px - this.view.x) * k, y: py - (py - this.view.y) * k });
  }

  private onDown(e: PointerEvent): void {
    if (e.button !== 0 || (e.target as Element).closest('.lf-clickable')) return;
    this.drag = { x: e.clientX, y: e.clientY, vx: this.view.x, vy: this.view.y };
  }

  private onMove(e: PointerEvent): void {
    if (!this.drag) return;
    this.update({ ...this.view, x: this.drag.vx + e.clientX - this.drag.x, y: this.drag.vy + e.clientY - this.drag.y });
  }
}
