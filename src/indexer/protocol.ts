/** Messages between `lockflow index` and its worker threads. */
import type { FileRecord, KnowledgeDocument } from '../core';

export interface IndexJob {
  /** Relative to the root, with `/`: the record's name. */
  path: string;
  /** Where to read it. */
  abs: string;
  hash: string;
  budgetMs: number;
}

export interface IndexWorkerInit {
  knowledge: KnowledgeDocument[];
}

export type IndexWorkerReply =
  | { kind: 'ready' }
  | { kind: 'done'; record: FileRecord; ms: number }
  | { kind: 'failed'; path: string; message: string };
