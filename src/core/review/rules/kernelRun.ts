/**
 * Functions the kernel runs by itself, with none of the file's locks held: a callback whose
 * address is taken (an ops member, a registrar's callback) or one an attribute macro registers
 * (`static DEVICE_ATTR_RW(mode)` runs `mode_store()` from sysfs). One notion for every rule that
 * asks who holds what when such a function starts.
 */
import { attributeCallbacks } from '../../locks/entry';
import type { FunctionAnalysis } from '../../locks/explore';
import { functionKey } from '../../syntax/kernelIdioms';
import type { ReviewContext } from '../context';

const registeredOf = new WeakMap<ReviewContext, Map<string, string>>();

/** Whether the kernel calls `a` itself: its address is taken, or an attribute macro registers it. */
export function runByKernel(ctx: ReviewContext, a: FunctionAnalysis): boolean {
  if (a.context === 'callback') return true;
  let registered = registeredOf.get(ctx);
  if (!registered) registeredOf.set(ctx, (registered = attributeCallbacks(ctx.engine.files, ctx.engine.knowledge)));
  return registered.has(functionKey(a.file, a.fn.name));
}
