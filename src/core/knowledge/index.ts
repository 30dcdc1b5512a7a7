/** Kernel knowledge as one document (kernel.json, per knowledge.schema.json), extended by the user's files. */
export * from './types';
export { ATOMIC, BH_OFF, compileKnowledge, guardOf, IRQS_OFF, isGlobalName, KERNEL_KNOWLEDGE, knowledgeWith, namedByKnowledge, classedByKnowledge, primitiveOf, RECURSIVE_READ_IN_INTERRUPT, SHIPPED_KNOWLEDGE, SLEEPING, type Knowledge } from './compile';
export { parseKnowledge, parseKnowledgeText } from './load';
export { NameClass } from './names';
