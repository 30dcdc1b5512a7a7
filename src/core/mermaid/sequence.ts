/**
 * The sequence-diagram half of the serializer: participants (lifelines),
 * messages between them, notes over them, and highlighted blocks. Builders
 * (the simulator's runs) say what to draw; text is escaped once, here.
 */
import { sequenceLabel } from './text';

/** `sync` `->>`, `reply` `-->>`, `async` `-)`, `lost` `-x` (a free, a violation). */
export type SequenceArrow = 'sync' | 'reply' | 'async' | 'lost';

export type SequenceItem =
  | { kind: 'message'; from: string; to: string; arrow: SequenceArrow; text: string; max: number; highlight?: boolean }
  /** A note over one lifeline or the span between two; each line escaped, joined by line breaks. */
  | { kind: 'note'; over: string[]; lines: string[]; max: number };

export interface SequenceModel {
  /** Lifeline ids (letters and digits) and the names they are drawn with. */
  participants: Array<{ id: string; name: string; max: number }>;
  items: SequenceItem[];
}

const ARROW: Record<SequenceArrow, string> = { sync: '->>', reply: '-->>', async: '-)', lost: '-x' };
/** The block a highlighted message is drawn in. */
const HIGHLIGHT = 'rgb(255, 205, 205)';

export function sequenceText(model: SequenceModel): string {
  const lines = ['sequenceDiagram'];
  for (const p of model.participants) lines.push(`  participant ${p.id} as ${sequenceLabel(p.name, p.max)}`);
  for (const item of model.items) {
    if (item.kind === 'note') {
      lines.push(`  Note over ${item.over.join(',')}: ${item.lines.map((l) => sequenceLabel(l, item.max)).join('<br>')}`);
      continue;
    }
    const line = `  ${item.from}${ARROW[item.arrow]}${item.to}: ${sequenceLabel(item.text, item.max)}`;
    lines.push(...(item.highlight ? [`  rect ${HIGHLIGHT}`, line, '  end'] : [line]));
  }
  return lines.join('\n');
}
