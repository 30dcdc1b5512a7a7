/**
 * The stepper's current step in a drawn sequence diagram: the message (its
 * text and arrow) or the note the step is drawn as, marked with a band
 * behind it. Mermaid draws messages, and notes, in their order in the text,
 * so the k-th of a kind is found by counting.
 */
import type { StepMark } from './protocol';

const SVG_NS = 'http://www.w3.org/2000/svg';
const MARKED = 'lf-current';

/** Marks the step (clearing the previous one); returns the band drawn, or undefined when the step is not drawn. */
export function markStep(svg: SVGSVGElement, mark: StepMark | undefined): SVGRectElement | undefined {
  for (const old of svg.querySelectorAll(`.${MARKED}`)) old.classList.remove(MARKED);
  svg.querySelector('rect.lf-step-band')?.remove();
  const parts = mark ? partsOf(svg, mark) : [];
  if (!parts.length) return undefined;
  for (const p of parts) p.classList.add(MARKED);
  const boxes = parts.map((p) => p.getBBox());
  const y = Math.min(...boxes.map((b) => b.y));
  const band = document.createElementNS(SVG_NS, 'rect');
  band.classList.add('lf-step-band');
  // Across the whole drawing: the eye finds the row, then the arrow on it.
  const all = svg.getBBox();
  band.setAttribute('x', String(all.x));
  band.setAttribute('width', String(all.width));
  band.setAttribute('y', String(y - 3));
  band.setAttribute('height', String(Math.max(...boxes.map((b) => b.y + b.height)) - y + 6));
  svg.insertBefore(band, svg.firstChild);
  return band;
}

function partsOf(svg: SVGSVGElement, mark: StepMark): SVGGraphicsElement[] {
  if (mark.kind === 'message') {
    const text = svg.querySelectorAll<SVGGraphicsElement>('text.messageText')[mark.index];
    const line = svg.querySelectorAll<SVGGraphicsElement>('.messageLine0, .messageLine1')[mark.index];
    return [text, line].filter((e): e is SVGGraphicsElement => !!e);
  }
  const rect = svg.querySelectorAll<SVGGraphicsElement>('rect.note')[mark.index];
  if (!rect?.parentElement) return [];
  return [rect, ...rect.parentElement.querySelectorAll<SVGGraphicsElement>('text.noteText')];
}
