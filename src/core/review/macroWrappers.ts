/**
 * A header's function-like macros that take or drop a lock
 * (`#define unix_state_lock(s) spin_lock(&unix_sk(s)->lock)`) are lock
 * wrappers like its static inlines: each is written out as a static inline
 * function of the same name after the header's text (so every offset of the
 * header stays where it was), its parameters pointers of unknown type (a
 * caller's own name for the lock gives the class).
 */
import type { Knowledge } from '../knowledge';

/** Macros read at most per header, and the most text one may have. */
const MAX_MACROS = 2000;
const MAX_BODY = 4000;
const DEFINE = /^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)\(([^()]*)\)[ \t]*(.*)$/;
const PARAM = /^[A-Za-z_]\w*$/;

/** The header's text with its lock-taking function-like macros appended as inline functions. */
export function withMacroWrappers(text: string, knowledge: Knowledge): string {
  const out: string[] = [];
  const lines = text.split('\n');
  for (let k = 0; k < lines.length && out.length < MAX_MACROS; k++) {
    const m = DEFINE.exec(lines[k]);
    if (!m) continue;
    // A macro continues over lines ending in a backslash.
    let body = m[3];
    while (body.endsWith('\\') && k + 1 < lines.length && body.length < MAX_BODY) body = body.slice(0, -1) + ' ' + lines[++k];
    const params = m[2].split(',').map((p) => p.trim()).filter(Boolean);
    if (params.some((p) => !PARAM.test(p)) || body.length >= MAX_BODY || !takesLock(body, knowledge)) continue;
    const list = params.length ? params.map((p) => `void *${p}`).join(', ') : 'void';
    out.push(`static inline void ${m[1]}(${list})\n{\n\t${body.replace(/\/\*.*?\*\//g, ' ').trim()};\n}`);
  }
  return out.length ? `${text}\n/* Lockflow: the lock-taking macros above, as functions. */\n${out.join('\n')}\n` : text;
}

/** The body calls a lock primitive by name. */
function takesLock(body: string, knowledge: Knowledge): boolean {
  for (const m of body.matchAll(/([A-Za-z_]\w*)\s*\(/g)) if (knowledge.primitives.has(m[1])) return true;
  return false;
}
