/**
 * The caller's names in a function written out from a macro: the preprocessor
 * pastes the macro's body into its caller, so a variable it names without
 * declaring it (the caller's `ctx` in a wait macro's
 * `mutex_unlock(&ctx->state_mutex)`) is the caller's variable of that name. Its
 * locks mean the same to the macro and to every caller, as a global's do.
 */
import { localNames } from '../callgraph';
import type { FunctionInfo, ParsedFile } from '../syntax';
import { isWrittenOutMacro } from '../syntax/macroFunctions';
import { identifiersIn } from './expr';

/** The variables a macro's body names without declaring them (neither called, nor a parameter or local); none for a function. */
export function callerNames(file: ParsedFile, fn: FunctionInfo): ReadonlySet<string> {
  if (!isWrittenOutMacro(file, fn)) return NONE;
  const declared = localNames(fn, file);
  return new Set(identifiersIn(fn.body, file.text).filter((v) => !declared.has(v)));
}

const NONE: ReadonlySet<string> = new Set();

/** `globals` with a macro's caller's names added: the names that mean the same in it and in its callers. */
export function sharedNames(file: ParsedFile, fn: FunctionInfo, globals: ReadonlySet<string>): ReadonlySet<string> {
  const callers = callerNames(file, fn);
  return callers.size ? new Set([...globals, ...callers]) : globals;
}
