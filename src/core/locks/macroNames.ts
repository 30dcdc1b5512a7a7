/**
 * The caller's names in a function written out from a macro: the preprocessor
 * pastes the macro's body into its caller, so a variable it names without
 * declaring it (the caller's `ctx` in a wait macro's
 * `mutex_unlock(&ctx->state_mutex)`) is the caller's variable of that name. Its
 * locks mean the same to the macro and to every caller, as a global's do.
 */
import { localNames } from '../callgraph';
import { walk, type FunctionInfo, type ParsedFile } from '../syntax';
import { isWrittenOutMacro } from '../syntax/macroFunctions';

/** The variables a macro's body names without declaring them (neither called, nor a parameter or local); none for a function. */
export function callerNames(file: ParsedFile, fn: FunctionInfo): ReadonlySet<string> {
  if (!isWrittenOutMacro(file, fn)) return NONE;
  const declared = localNames(fn, file);
  const out = new Set<string>();
  walk(fn.body, (n) => {
    if (n.type !== 'identifier') return true;
    const name = file.text.slice(n.start, n.end);
    if (!declared.has(name) && !(n.parent?.type === 'call_expression' && n.field === 'function')) out.add(name);
    return false;
  });
  return out;
}

const NONE: ReadonlySet<string> = new Set();

/** `globals` with a macro's caller's names added: the names that mean the same in it and in its callers. */
export function sharedNames(file: ParsedFile, fn: FunctionInfo, globals: ReadonlySet<string>): ReadonlySet<string> {
  const callers = callerNames(file, fn);
  return callers.size ? new Set([...globals, ...callers]) : globals;
}
