/** C literals and integer operators as the simulated code uses them. */
import { SimStop } from './machine';

export function parseNumber(text: string): number {
  const t = text.replace(/[uUlL]+$/, '');
  return /^0[0-7]+$/.test(t) ? parseInt(t, 8) : Number(t);
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', '\\': '\\', '"': '"', "'": "'" };

export function parseString(text: string): string {
  return text.slice(1, -1).replace(/\\(.)/g, (_, c: string) => ESCAPES[c] ?? c);
}

export function arith(op: string, a: number, b: number): number {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return b === 0 ? 0 : Math.trunc(a / b);
    case '%': return b === 0 ? 0 : a % b;
    case '<<': return a << b;
    case '>>': return a >> b;
    case '&': return a & b;
    case '|': return a | b;
    case '^': return a ^ b;
    case '<': return a < b ? 1 : 0;
    case '>': return a > b ? 1 : 0;
    case '<=': return a <= b ? 1 : 0;
    case '>=': return a >= b ? 1 : 0;
    default: throw new SimStop(`error: operator ${op} is not modelled`);
  }
}
