/**
 * A run's trace as a mermaid sequence diagram: a lifeline per thread and per
 * shared object (the group, the device, a domain), locks, frees and
 * references as messages to the object, the violating step marked. Steps
 * that touch no shared object are drawn on their thread, or folded into one
 * note per stretch when the trace is long. Labels are short (the stepper
 * beside the drawing has each step in full), so five lifelines fit a panel.
 */
import { sequenceText, type SequenceArrow, type SequenceItem } from '../mermaid/sequence';
import type { TraceEvent, Violation } from './types';

/** A message's text at most: each character widens the gap between two lifelines. */
const LABEL = 22;
/** A lifeline's name at most: it sets the width of the lifeline's box. */
const NAME = 14;
/** A note's line at most; longer notes break into lines (a long line widens the whole drawing). */
const NOTE_LINE = 30;
/** Messages drawn at most: beyond, the earliest are left out (said in a note). */
const MAX_MESSAGES = 40;
/** A trace with more steps than this folds the thread-local ones. */
const FOLD_OVER = 24;
const SHOWN = new Set(['lock', 'unlock', 'block', 'call', 'return', 'model', 'free', 'fault', 'ref', 'assume', 'limit', 'violation']);
const ARROWS: Record<string, SequenceArrow> = { lock: 'sync', unlock: 'reply', block: 'async', free: 'lost', ref: 'sync' };

/** Where a step is drawn: the k-th message or the k-th note of the SVG, in the order mermaid draws each kind. */
export interface StepMark {
  kind: 'message' | 'note';
  index: number;
}

export interface RunSequence {
  text: string;
  /** By trace index: where that step is drawn, or undefined when it is not (a log line). */
  marks: Array<StepMark | undefined>;
}

interface Drawn {
  item: SequenceItem;
  steps: number[];
}

// The violation's own step is marked in the trace; `violation` adds its lock chains and summary.
export function sequenceDiagram(threads: string[], trace: TraceEvent[], violation: Violation): string {
  return runSequence(threads, trace, violation).text;
}

/** The diagram of a run, and where each of its steps is drawn; `end` is the violation, or what the run returned. */
export function runSequence(threads: string[], trace: TraceEvent[], end: Violation | string): RunSequence {
  const ids = new Map(threads.map((t, k) => [t, `T${k}`]));
  const tid = (name: string) => ids.get(name) ?? 'T0';
  const objects = new Map<string, string>();
  for (const e of trace) if (e.obj && !objects.has(e.obj)) objects.set(e.obj, `O${objects.size}`);
  const note = (over: string[], text: string): SequenceItem => ({ kind: 'note', over, lines: noteLines(text), max: NOTE_LINE });

  const body: Drawn[] = [];
  const isLocal = (e: TraceEvent) => !e.obj || !objects.has(e.obj);
  const message = (k: number) => {
    const e = trace[k];
    const [arrow, to]: [SequenceArrow, string] = isLocal(e) ? ['sync', tid(e.thread)] : [ARROWS[e.kind] ?? 'sync', objects.get(e.obj!)!];
    const violation = e.kind === 'violation';
    body.push({ item: { kind: 'message', from: tid(e.thread), to, arrow: violation ? 'lost' : arrow, text: label(e), max: LABEL, ...(violation ? { highlight: true } : {}) }, steps: [k] });
  };
  const fold = trace.filter((e) => SHOWN.has(e.kind)).length > FOLD_OVER;
  let stretch: number[] = [];
  const flush = () => {
    const steps = stretch.map((k) => trace[k]);
    // A stretch of one step is that step: a note would be no shorter.
    if (steps.length === 1) message(stretch[0]);
    if (steps.length > 1) {
      const what = [...new Set(steps.filter((e) => e.kind === 'call' || e.kind === 'model').map((e) => e.text.replace(/\(.*$/s, '()')))].slice(0, 3).join(', ');
      body.push({ item: note([tid(steps[0].thread)], `${steps.length} steps${what ? `: ${what}` : ''}`), steps: stretch });
    }
    stretch = [];
  };
  trace.forEach((e, k) => {
    if (!SHOWN.has(e.kind)) return;
    if (fold && isLocal(e) && e.kind !== 'violation') {
      if (stretch.length && trace[stretch[0]].thread !== e.thread) flush();
      stretch.push(k);
      return;
    }
    flush();
    message(k);
  });
  flush();

  const drawn = body.length > MAX_MESSAGES ? body.slice(-MAX_MESSAGES) : body;
  if (drawn !== body) {
    const cut = body.slice(0, body.length - MAX_MESSAGES).flatMap((d) => d.steps);
    drawn.unshift({ item: note([tid(trace[cut[0]].thread)], `${cut.length} earlier steps not shown`), steps: cut });
  }
  const marks: Array<StepMark | undefined> = trace.map(() => undefined);
  const counts = { message: 0, note: 0 };
  for (const d of drawn) {
    const mark = { kind: d.item.kind, index: counts[d.item.kind]++ };
    for (const k of d.steps) marks[k] = mark;
  }

  // Over every lifeline: a note over two neighbours would push them apart by its whole width.
  const all = [...ids.values(), ...objects.values()];
  const over = all.length > 1 ? [all[0], all[all.length - 1]] : [all[0] ?? 'T0'];
  const tail: SequenceItem[] = [];
  if (typeof end === 'string') tail.push(note(over, end));
  else {
    for (const c of end.chains ?? []) tail.push(note([tid(c.thread)], `holds ${c.holds.join(', ') || 'nothing'}; waits for ${c.wants}`));
    tail.push(note(over, `${end.rule}: ${end.message}`));
  }
  const participants = [...ids, ...objects].map(([name, id]) => ({ id, name, max: NAME }));
  return { text: sequenceText({ participants, items: [...drawn.map((d) => d.item), ...tail] }), marks };
}

/**
 * `234: mutex_lock()`: the step's line and text; when that is too long, a model's inner step
 * keeps only its own operation (`iommu_release_device(dev) -> ...: mutex_lock(...)`), and
 * argument lists are emptied.
 */
function label(e: TraceEvent): string {
  const at = e.line ? `${e.line}: ` : '';
  if (at.length + e.text.length <= LABEL) return at + e.text;
  const own = e.text.replace(/^[\w.]+\(.*\): (?=\w+\()/s, '');
  return at + own.replace(/\((?:[^()]|\([^()]*\))*\)/g, '()');
}

/** A note in lines of at most NOTE_LINE characters (at most 200 in all). */
function noteLines(text: string): string[] {
  const words = text.replace(/\s+/g, ' ').trim().slice(0, 200).split(' ').filter(Boolean);
  const lines: string[] = [];
  for (const w of words) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + 1 + w.length <= NOTE_LINE) lines[last] += ` ${w}`;
    else lines.push(w);
  }
  return lines;
}
