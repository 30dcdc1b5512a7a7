/**
 * One-function edits of C text, for the incremental benchmark and its test.
 * Text-level on purpose: the edit must not depend on the parser it measures.
 */
export type EditKind = 'drop-unlock' | 'drop-lock' | 'touch' | 'add-line';

export interface OneEdit {
  kind: EditKind;
  function: string;
  text: string;
}

const UNLOCK = /\b(mutex_unlock|rcu_read_unlock(?:_bh|_sched)?|srcu_read_unlock|folio_unlock|unlock_page|(?:raw_)?spin_unlock(?:_irqrestore|_irq|_bh)?|(?:read|write)_unlock(?:_irqrestore|_irq|_bh)?|xa_unlock(?:_irqrestore|_irq|_bh)?|device_unlock|up_write|up_read|up|inode_unlock|rtnl_unlock)\s*\(/g;
const LOCK = /\b(mutex_lock|rcu_read_lock(?:_bh|_sched)?|srcu_read_lock|folio_lock|lock_page|(?:raw_)?spin_lock(?:_irqsave|_irq|_bh)?|(?:read|write)_lock(?:_irqsave|_irq|_bh)?|xa_lock(?:_irqsave|_irq|_bh)?|device_lock|down_write|down_read|down|inode_lock|rtnl_lock)\s*\(/g;

/**
 * `drop-unlock`/`drop-lock` blank one lock call (same length, so no line moves);
 * `touch` adds a comment to a line (offsets move, lines do not); `add-line` adds a line.
 * Prefers a function that is called elsewhere in the text, so a summary change reaches a caller.
 */
export function editOneFunction(text: string, kind: EditKind): OneEdit | undefined {
  const pattern = kind === 'drop-lock' ? LOCK : UNLOCK;
  // A call in a macro's continued lines belongs to the functions the macro makes, named at its uses: not edited.
  const sites = [...text.matchAll(pattern)].filter((m) => !inMacro(text, m.index!)).map((m) => ({ at: m.index!, fn: enclosingFunction(text, m.index!) })).filter((s) => s.fn);
  if (!sites.length) return undefined;
  const called = sites.find((s) => countCalls(text, s.fn!) > 1);
  const site = called ?? sites[0];
  const fn = site.fn!;
  if (kind === 'drop-lock' || kind === 'drop-unlock') {
    const end = text.indexOf(';', site.at);
    if (end < 0 || text.slice(site.at, end).includes('\n')) return undefined;
    return { kind, function: fn, text: text.slice(0, site.at) + ' '.repeat(end + 1 - site.at) + text.slice(end + 1) };
  }
  const lineEnd = text.indexOf('\n', site.at);
  if (lineEnd < 0) return undefined;
  const insert = kind === 'touch' ? ' /* edited */' : '\n\t/* added */';
  return { kind, function: fn, text: text.slice(0, lineEnd) + insert + text.slice(lineEnd) };
}

function countCalls(text: string, name: string): number {
  return [...text.matchAll(new RegExp(`\\b${name}\\s*\\(`, 'g'))].length;
}

/** Whether offset `at` is on a line continued by a backslash: inside a macro's definition. */
function inMacro(text: string, at: number): boolean {
  const end = text.indexOf('\n', at);
  return /\\\r?$/.test(text.slice(at, end < 0 ? text.length : end));
}

/** The name of the function whose body holds offset `at`: the header before the last `{` at line start. */
function enclosingFunction(text: string, at: number): string | undefined {
  const open = text.lastIndexOf('\n{', at);
  if (open < 0) return undefined;
  // The comment above a function may name other functions: only the code counts.
  const header = text.slice(Math.max(0, text.lastIndexOf('\n\n', open)), open).replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, ' ');
  const names = [...header.matchAll(/(\w+)\s*\(/g)].map((m) => m[1]).filter((n) => !/^(__\w+|if|while|for|switch|return|sizeof)$/.test(n));
  return names[0];
}
