/** An error as one short line: the editor shows it in a message, never a stack. */
const MAX = 400;

export function oneLine(e: unknown): string {
  const text = (e instanceof Error ? e.message : String(e)).split('\n').find((l) => l.trim()) ?? 'unknown error';
  return text.length > MAX ? text.slice(0, MAX - 1) + '…' : text;
}
