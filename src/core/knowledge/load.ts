/**
 * A user's knowledge file (--knowledge FILE, lockflow.knowledgeFile, --lock-config): checked
 * against knowledge.schema.json, each error said with the field it is about. The check is the
 * schema's validator generated at build time (scripts/knowledgeValidator.mjs), so no run loads
 * ajv's compiler or compiles the schema.
 */
import type { ErrorObject } from 'ajv';
import { InputError } from '../input/validate';
import check from './knowledgeValidator.generated';
import type { KnowledgeDocument } from './types';

/** The most errors one message lists: a wrong file often breaks the same way many times. */
const MAX_ERRORS_SAID = 10;

export function parseKnowledge(json: unknown, where: string): KnowledgeDocument {
  if (check(json)) return json as KnowledgeDocument;
  const errors = (check.errors ?? []).filter(meaningful);
  const said = errors.slice(0, MAX_ERRORS_SAID).map(describe);
  const more = errors.length > MAX_ERRORS_SAID ? `; and ${errors.length - MAX_ERRORS_SAID} more` : '';
  throw new InputError(`${where}: ${said.join('; ')}${more}`);
}

export function parseKnowledgeText(text: string, where: string): KnowledgeDocument {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${where}: not valid JSON (${(e as Error).message})`);
  }
  return parseKnowledge(json, where);
}

/** `if`/`then` failures repeat what the `required` error inside them says. */
function meaningful(e: ErrorObject): boolean {
  return e.keyword !== 'if';
}

/** `primitives[2].kind must be one of mutex, spinlock, ... (got 'mutx')`. */
function describe(e: ErrorObject): string {
  const at = fieldName(e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return `${join(at, String(p.additionalProperty))} is not a field this file can have`;
    case 'required':
      return `${join(at, String(p.missingProperty))} is missing`;
    case 'enum':
      return `${at} must be one of ${(p.allowedValues as unknown[]).join(', ')} (got ${JSON.stringify(e.data)})`;
    default:
      return `${at || 'the file'} ${e.message ?? 'is not valid'}`;
  }
}

/** `/primitives/2/kind` -> `primitives[2].kind`. */
function fieldName(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, s) => (/^\d+$/.test(s) ? `${acc}[${s}]` : join(acc, s)), '');
}

function join(at: string, field: string): string {
  return at ? `${at}.${field}` : field;
}
