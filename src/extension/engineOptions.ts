/** Settings -> the lock engine's options; a bad lock table is reported once, not thrown at every keystroke. */
import * as vscode from 'vscode';
import { parseLockConfig, type ContextAssumption, type ReviewOptions } from '../core';
import type { LockflowConfig } from './config';

let lastError: string | undefined;

export function engineOptions(c: LockflowConfig): ReviewOptions {
  const options: ReviewOptions = { maxPaths: c.maxPaths };
  try {
    if (c.lockFunctions.length) options.primitives = parseLockConfig({ primitives: c.lockFunctions }, 'lockflow.lockFunctions').primitives;
    lastError = undefined;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (message !== lastError) void vscode.window.showWarningMessage(`Lockflow: ${message}. The built-in lock functions are used meanwhile.`);
    lastError = message;
  }
  options.assumptions = c.contextAssumptions.filter(
    (a): a is ContextAssumption => !!a && typeof a === 'object' && typeof (a as ContextAssumption).function === 'string' && Array.isArray((a as ContextAssumption).held),
  );
  return options;
}
