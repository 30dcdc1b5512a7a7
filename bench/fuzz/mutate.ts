import { HOSTILE_MUTATIONS } from './hostile';

/**
 * Mutations of fixture text, as mail and kernels damage it, from a seeded
 * generator so every failure has a reproducer: (seed, iteration).
 */
export type Rng = () => number;

/** mulberry32: small, fast, and the same on every machine. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (r: Rng, n: number) => Math.floor(r() * n);

type Mutation = (text: string, r: Rng) => string;

const lines = (text: string) => text.split('\n');

export const MUTATIONS: Record<string, Mutation> = {
  'byte-flip': (t, r) => {
    if (!t) return t;
    const chars = t.split('');
    for (let k = 1 + int(r, 8); k > 0; k--) {
      const at = int(r, chars.length);
      chars[at] = String.fromCharCode(chars[at].charCodeAt(0) ^ (1 << int(r, 7)));
    }
    return chars.join('');
  },
  'drop-line': (t, r) => {
    const l = lines(t);
    l.splice(int(r, l.length), 1 + int(r, 3));
    return l.join('\n');
  },
  'duplicate-line': (t, r) => {
    const l = lines(t);
    const at = int(r, l.length);
    l.splice(at, 0, ...l.slice(at, at + 1 + int(r, 4)));
    return l.join('\n');
  },
  'swap-lines': (t, r) => {
    const l = lines(t);
    const a = int(r, l.length);
    const b = int(r, l.length);
    [l[a], l[b]] = [l[b], l[a]];
    return l.join('\n');
  },
  truncate: (t, r) => t.slice(0, int(r, t.length + 1)),
  quote: (t, r) => {
    const l = lines(t);
    const from = int(r, l.length);
    const to = from + int(r, l.length - from + 1);
    const prefix = ['> ', '>', '> > ', '>> '][int(r, 4)];
    return l.map((x, k) => (k >= from && k < to ? prefix + x : x)).join('\n');
  },
  unquote: (t) => t.replace(/^(?:> ?)+/gm, ''),
  crlf: (t) => t.replace(/\r?\n/g, '\r\n'),
  nul: (t, r) => {
    const at = int(r, t.length + 1);
    return t.slice(0, at) + '\u0000'.repeat(1 + int(r, 4)) + t.slice(at);
  },
  'huge-line': (t, r) => {
    const l = lines(t);
    const kind = int(r, 3);
    const huge = kind === 0 ? 'x'.repeat(1 << 20) : kind === 1 ? `/* ${'y'.repeat(1 << 20)} */` : 'a = b + c; '.repeat((1 << 20) / 11);
    l.splice(int(r, l.length + 1), 0, huge);
    return l.join('\n');
  },
  'invalid-utf8': (t, r) => {
    const bytes = Buffer.from(t, 'utf8');
    const bad = [Buffer.from([0xff]), Buffer.from([0xc3, 0x28]), Buffer.from([0xe2, 0x82]), Buffer.from([0xf0, 0x90, 0x28, 0xbc])][int(r, 4)];
    const at = int(r, bytes.length + 1);
    // Read back the way the CLI reads files: UTF-8, bad sequences become U+FFFD.
    return Buffer.concat([bytes.subarray(0, at), bad, bytes.subarray(at)]).toString('utf8');
  },
  binary: (_t, r) => {
    const bytes = Buffer.alloc(64 + int(r, 4096));
    for (let k = 0; k < bytes.length; k++) bytes[k] = int(r, 256);
    return bytes.toString('latin1');
  },
};

Object.assign(MUTATIONS, HOSTILE_MUTATIONS);

export const MUTATION_NAMES = Object.keys(MUTATIONS);

/** One to three mutations in a row; returns the text and their names. */
export function mutate(text: string, r: Rng): { text: string; applied: string[] } {
  const applied: string[] = [];
  let out = text;
  for (let k = 1 + int(r, 3); k > 0; k--) {
    const name = MUTATION_NAMES[int(r, MUTATION_NAMES.length)];
    applied.push(name);
    out = MUTATIONS[name](out, r);
  }
  return { text: out, applied };
}

export function pick<T>(xs: T[], r: Rng): T {
  return xs[int(r, xs.length)];
}
