/**
 * The sequence-diagram half of the serializer: a simulation's threads as
 * participants, their steps and notes. Participant ids are generated; text is
 * escaped once, here.
 */
import { mermaidLabel } from './text';

export type SequenceItem =
  /** A step a thread takes (`T0->>T0: 28: mutex_lock(...)`). */
  | { kind: 'step'; thread: number; text: string }
  /** A note over one thread, or over a span of them. */
  | { kind: 'note'; over: number[]; text: string; max?: number };

export interface SequenceModel {
  participants: string[];
  items: SequenceItem[];
}

const id = (k: number) => `T${k}`;

export function sequenceText(model: SequenceModel): string {
  const lines = ['sequenceDiagram'];
  model.participants.forEach((name, k) => lines.push(`  participant ${id(k)} as ${mermaidLabel(name, 40)}`));
  for (const item of model.items) {
    if (item.kind === 'step') lines.push(`  ${id(item.thread)}->>${id(item.thread)}: ${mermaidLabel(item.text, 100)}`);
    else lines.push(`  Note over ${item.over.map(id).join(',')}: ${mermaidLabel(item.text, item.max ?? 160)}`);
  }
  return lines.join('\n');
}
