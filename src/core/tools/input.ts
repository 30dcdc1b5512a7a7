/**
 * A tool's input checked against its schema (the subset definitions.ts uses): an agent's
 * arguments are hostile like any file, and a clear message lets the model correct itself.
 */
import { InputError } from '../input/validate';
import type { ToolDefinition } from './definitions';

export type ToolInput = Record<string, string | number>;

export function checkedInput(tool: ToolDefinition, input: unknown): ToolInput {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new InputError(`${tool.name}: the input must be a JSON object`);
  const { properties, required } = tool.inputSchema;
  const given = input as Record<string, unknown>;
  const out: ToolInput = {};
  for (const key of Object.keys(given)) {
    if (!(key in properties)) throw new InputError(`${tool.name}: unknown input '${key.slice(0, 64)}' (expected ${Object.keys(properties).join(', ')})`);
  }
  for (const key of required) if (given[key] === undefined) throw new InputError(`${tool.name}: '${key}' is required`);
  for (const [key, schema] of Object.entries(properties)) {
    const value = given[key];
    if (value === undefined) continue;
    if (schema.type === 'integer') {
      if (typeof value !== 'number' || !Number.isInteger(value)) throw new InputError(`${tool.name}: '${key}' must be a whole number`);
      if ((schema.minimum !== undefined && value < schema.minimum) || (schema.maximum !== undefined && value > schema.maximum)) {
        throw new InputError(`${tool.name}: '${key}' must be from ${schema.minimum} to ${schema.maximum} (got ${value})`);
      }
    } else {
      if (typeof value !== 'string' || !value.length) throw new InputError(`${tool.name}: '${key}' must be a non-empty string`);
      if (schema.maxLength !== undefined && value.length > schema.maxLength) throw new InputError(`${tool.name}: '${key}' is longer than ${schema.maxLength} characters`);
      if (value.includes('\u0000')) throw new InputError(`${tool.name}: '${key}' contains a NUL byte`);
      if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value)) throw new InputError(`${tool.name}: '${key}' is not a C identifier (got '${value.slice(0, 64)}')`);
    }
    out[key] = value;
  }
  return out;
}
