/**
 * Settings -> the lock engine's options: the user's knowledge file and lock functions as
 * knowledge documents, checked once per change; a bad one is said once, not at every keystroke.
 */
import * as vscode from 'vscode';
import { isAbsolute, join } from 'node:path';
import { statSync } from 'node:fs';
import { parseKnowledge, parseKnowledgeText, readUserFile, type ContextAssumption, type KnowledgeDocument, type ReviewOptions } from '../core';
import type { LockflowConfig } from './config';

let lastError: string | undefined;
let cached: { key: string; doc: KnowledgeDocument } | undefined;

export function engineOptions(c: LockflowConfig): ReviewOptions {
  const options: ReviewOptions = { maxPaths: c.maxPaths };
  const knowledge: KnowledgeDocument[] = [];
  const problems: string[] = [];
  const add = (read: () => KnowledgeDocument) => {
    try {
      knowledge.push(read());
    } catch (e) {
      problems.push(e instanceof Error ? e.message : String(e));
    }
  };
  if (c.knowledgeFile) add(() => knowledgeFile(c.knowledgeFile));
  if (c.lockFunctions.length) add(() => parseKnowledge({ primitives: c.lockFunctions }, 'lockflow.lockFunctions'));
  if (knowledge.length) options.knowledge = knowledge;
  const message = problems.join('; ') || undefined;
  if (message && message !== lastError) void vscode.window.showWarningMessage(`Lockflow: ${message}. The shipped kernel knowledge is used without it meanwhile.`);
  lastError = message;
  options.assumptions = c.contextAssumptions.filter(
    (a): a is ContextAssumption => !!a && typeof a === 'object' && typeof (a as ContextAssumption).function === 'string' && Array.isArray((a as ContextAssumption).held),
  );
  return options;
}

/**
 * `lockflow.knowledgeFile`, relative to the first workspace folder and confined to it (an
 * absolute path is the user's own choice); read again only when it changes.
 */
function knowledgeFile(setting: string): KnowledgeDocument {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const path = isAbsolute(setting) || !folder ? setting : join(folder, setting);
  const within = isAbsolute(setting) ? undefined : folder;
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) throw new Error(`lockflow.knowledgeFile: ${path} does not exist`);
  const key = `${path}\u0000${stat.mtimeMs}\u0000${stat.size}`;
  if (cached?.key !== key) cached = { key, doc: parseKnowledgeText(readUserFile(path, within), `lockflow.knowledgeFile (${path})`) };
  return cached.doc;
}
