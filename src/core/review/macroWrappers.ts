/**
 * A header's function-like macros that take or drop a lock
 * (`#define unix_state_lock(s) spin_lock(&unix_sk(s)->lock)`) are lock
 * wrappers like its static inlines: each is written out as a static inline
 * function of the same name after the header's text (so every offset of the
 * header stays where it was).
 */
import { macroFunctions, WRITTEN_OUT_MACROS } from '../syntax/macroFunctions';
import type { Knowledge } from '../knowledge';

/** The header's text with its lock-taking function-like macros appended as inline functions. */
export function withMacroWrappers(text: string, knowledge: Knowledge): string {
  const out = macroFunctions(text, (body) => takesLock(body, knowledge)).map((m) => m.text);
  return out.length ? `${text}\n${WRITTEN_OUT_MACROS}\n${out.join('\n')}\n` : text;
}

/** The body calls a lock primitive by name. */
function takesLock(body: string, knowledge: Knowledge): boolean {
  for (const m of body.matchAll(/([A-Za-z_]\w*)\s*\(/g)) if (knowledge.primitives.has(m[1])) return true;
  return false;
}
