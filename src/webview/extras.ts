/**
 * The parts of a diagram view beside the drawing: summary lines, steps walked
 * with Prev/Next (a run's trace), each step revealing its source line, and a
 * table whose rows can be selected (the simulation's runs).
 */
import type { Diagram, DiagramStep, FromWebview } from './protocol';

// The summary and the stepper come first: a matrix has hundreds of rows, and it scrolls on its own.
export function renderExtras(root: HTMLElement, d: Diagram, post: (m: FromWebview) => void, onStep: (s: DiagramStep) => void): void {
  root.replaceChildren();
  root.hidden = !d.table && !d.steps?.length && !d.summary?.length;
  if (d.summary?.length) root.append(summary(d.summary));
  if (d.steps?.length) root.append(stepper(d, post, onStep));
  if (d.table) {
    const box = Object.assign(document.createElement('div'), { id: 'matrix-box' });
    box.append(table(d, post));
    root.append(box);
  }
}

function summary(lines: string[]): HTMLElement {
  const box = document.createElement('div');
  box.id = 'summary';
  for (const l of lines) box.append(Object.assign(document.createElement('div'), { textContent: l }));
  return box;
}

function table(d: Diagram, post: (m: FromWebview) => void): HTMLElement {
  const t = document.createElement('table');
  t.id = 'matrix';
  const head = t.createTHead().insertRow();
  for (const c of d.table!.columns) head.append(Object.assign(document.createElement('th'), { textContent: c }));
  const body = t.createTBody();
  d.table!.rows.forEach((cells, index) => {
    const row = body.insertRow();
    row.className = index === d.table!.selected ? 'selected' : '';
    row.tabIndex = 0;
    for (const c of cells) row.insertCell().textContent = c;
    row.addEventListener('click', () => post({ type: 'selectRow', index }));
  });
  return t;
}

function stepper(d: Diagram, post: (m: FromWebview) => void, onStep: (s: DiagramStep) => void): HTMLElement {
  const steps = d.steps!;
  const box = document.createElement('div');
  box.id = 'steps';
  const bar = document.createElement('div');
  const prev = Object.assign(document.createElement('button'), { id: 'step-prev', textContent: '◀ Prev' });
  const next = Object.assign(document.createElement('button'), { id: 'step-next', textContent: 'Next ▶' });
  const where = Object.assign(document.createElement('span'), { id: 'step-where' });
  bar.append(prev, next, where);
  const list = document.createElement('ol');
  const items = steps.map((s) => list.appendChild(Object.assign(document.createElement('li'), { textContent: s.label })));
  let at = -1;
  const go = (k: number) => {
    at = Math.max(0, Math.min(steps.length - 1, k));
    items.forEach((li, i) => li.classList.toggle('current', i === at));
    items[at].scrollIntoView({ block: 'nearest' });
    where.textContent = `step ${at + 1} of ${steps.length}`;
    onStep(steps[at]);
    const ref = steps[at].ref;
    if (ref) post({ type: 'reveal', ref });
  };
  prev.addEventListener('click', () => go(at - 1));
  next.addEventListener('click', () => go(at + 1));
  items.forEach((li, i) => li.addEventListener('click', () => go(i)));
  where.textContent = `${steps.length} steps`;
  box.append(bar, list);
  return box;
}
