/** Hostile inputs for issue 12, generated in kernel style so their size stays in code. */

export const HEADER = 'struct group { struct mutex mutex; int count; };\n';

/** `n` ifs nested inside each other. */
export function nestedIfs(n: number): string {
  const open = Array.from({ length: n }, (_, k) => `\tif (g->count > ${k}) {`).join('\n');
  return `${HEADER}static void deep(struct group *g)\n{\n${open}\n\t\tg->count = 0;\n${'\t}\n'.repeat(n)}}\n`;
}

/** An if followed by `n` else-ifs. */
export function elseIfChain(n: number): string {
  const links = Array.from({ length: n }, (_, k) => `\telse if (g->count == ${k + 1})\n\t\treturn ${k};`).join('\n');
  return `${HEADER}static int chain(struct group *g)\n{\n\tif (!g->count)\n\t\treturn 0;\n${links}\n\treturn -1;\n}\n`;
}

/** A condition of `n` terms joined by &&, one per line. */
export function andChain(n: number): string {
  const terms = Array.from({ length: n }, (_, k) => `g->count != ${k}`).join(' &&\n\t    ');
  return `${HEADER}static int all_different(struct group *g)\n{\n\tif (${terms})\n\t\treturn 1;\n\treturn 0;\n}\n`;
}

/** `n` nested parentheses around one operand. */
export function nestedParens(n: number): string {
  return `${HEADER}static int parens(struct group *g)\n{\n\treturn ${'(\n'.repeat(n)}g->count${')\n'.repeat(n)};\n}\n`;
}

/** A function that takes a mutex and returns holding it: one finding when it is reviewed. */
export const LEAKS = `${HEADER}static void leaks(struct group *g)\n{\n\tmutex_lock(&g->mutex);\n\tg->count++;\n}\n`;

/** A patch that creates `path` with `body`'s lines. */
export function newFilePatch(path: string, body: string): string {
  const lines = body.replace(/\n$/, '').split('\n');
  return [`diff --git a/${path} b/${path}`, 'new file mode 100644', '--- /dev/null', `+++ b/${path}`, `@@ -0,0 +1,${lines.length} @@`, ...lines.map((l) => `+${l}`), ''].join('\n');
}

/** Runs `fn` and says how long it took and the RSS after it. */
export async function measured<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; rssMb: number }> {
  const t0 = Date.now();
  const value = await fn();
  return { value, ms: Date.now() - t0, rssMb: process.memoryUsage().rss / 1048576 };
}
