/**
 * Hostile shapes (issue 12): deep nesting, huge hunk numbers, diff paths that climb out of the
 * base or name devices and symlinks, long lines that hide code, and scenarios with many threads
 * and devices. Mutations over text, plus a base tree with a symlink out of it for patches.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Rng } from './mutate';

const int = (r: Rng, n: number) => Math.floor(r() * n);

type Mutation = (text: string, r: Rng) => string;

function insertAt(text: string, r: Rng, insert: string): string {
  const l = text.split('\n');
  l.splice(int(r, l.length + 1), 0, insert);
  return l.join('\n');
}

export const HOSTILE_MUTATIONS: Record<string, Mutation> = {
  'deep-nesting': (t, r) => {
    const n = [200, 700, 1500][int(r, 3)];
    const shapes = [
      () => `${'\tif (x) {\n'.repeat(n)}\t\tx++;\n${'\t}\n'.repeat(n)}`,
      () => `\tif (x == 0)\n\t\treturn 0;\n${Array.from({ length: n * 3 }, (_, k) => `\telse if (x == ${k})\n\t\treturn ${k};`).join('\n')}`,
      () => `\tif (${Array.from({ length: n * 7 }, (_, k) => `x != ${k}`).join(' &&\n\t    ')})\n\t\treturn 1;`,
      () => `\treturn ${'(\n'.repeat(n * 7)}x${')\n'.repeat(n * 7)};`,
    ];
    return insertAt(t, r, `static int fuzz_deep(int x)\n{\n${shapes[int(r, shapes.length)]()}\n}`);
  },
  'huge-hunk-number': (t, r) => {
    const big = ['2000000000', '999999999999', '1999999', '4294967297'][int(r, 4)];
    return t.replace(/^@@ -(\d+)(,\d+)? \+(\d+)/m, (_m, a: string, b: string | undefined) => (int(r, 2) ? `@@ -${big}${b ?? ''} +${big}` : `@@ -${a}${b ?? ''} +${big}`));
  },
  'escaping-path': (t, r) => {
    const path = ['../../../../../../etc/passwd', '../outside.c', '../../../../../../dev/zero', 'drivers/link.c', '/dev/zero', 'drivers/../../outside.c'][int(r, 6)];
    return t.replace(/^(--- a\/|\+\+\+ b\/|diff --git a\/)\S+/m, (_m, head: string) => `${head}${path}`);
  },
  'long-code-line': (t, r) => insertAt(t, r, `\tmutex_lock(&p->m);${' '.repeat(17_000)}`),
};

/** A base tree for patches: one driver file, a file outside it, a symlink from inside to outside. */
export function hostileBase(): string {
  const root = mkdtempSync(join(tmpdir(), 'lockflow-fuzz-'));
  // Made once per process (the fuzz test's, the benchmark's) and gone with it.
  process.once('exit', () => rmSync(root, { recursive: true, force: true }));
  const base = join(root, 'base');
  mkdirSync(join(base, 'drivers'), { recursive: true });
  writeFileSync(join(base, 'drivers', 'w.c'), 'static int w(void)\n{\n\treturn 0;\n}\n');
  writeFileSync(join(root, 'outside.c'), 'int outside_secret = 1;\n');
  symlinkSync(join(root, 'outside.c'), join(base, 'drivers', 'link.c'));
  return base;
}

/** A scenario whose thread and device counts come from the input, most of them over the caps. */
export function hostileScenario(seed: number) {
  const devices = Array.from({ length: [1, 64, 65, 5000][seed % 4] }, (_, k) => ({ name: `dev${k}` }));
  return {
    name: 'fuzz',
    world: { group: { devices: devices.map((d) => d.name), defaultDomain: 'DMA' }, devices },
    threads: Array.from({ length: [1, 8, 9, 200][(seed >> 2) % 4] }, (_, k) => ({ name: `t${k}`, code: 'put_device(dev0);' })),
  };
}
