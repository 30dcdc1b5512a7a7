// Types of the validator scripts/knowledgeValidator.mjs generates from knowledge.schema.json at build time.
import type { ValidateFunction } from 'ajv';

declare const validate: ValidateFunction;
export default validate;
