/** Every review rule, one file each. */
import type { Rule } from '../context';
import { helperReleasesCallerLock } from './helperReleasesCallerLock';
import { heldAtReturn } from './heldAtReturn';
import { doubleAcquire } from './doubleAcquire';
import { sameClassNesting } from './sameClassNesting';
import { releaseUnheld } from './releaseUnheld';
import { orderInversion } from './orderInversion';
import { sleepInAtomic } from './sleepInAtomic';
import { useAfterUnlock } from './useAfterUnlock';
import { staleAfterRelock } from './staleAfterRelock';
import { helperDropsCallerLock } from './helperDropsCallerLock';
import { unguardedAccess } from './unguardedAccess';
import { busyAsInvalid } from './busyAsInvalid';
import { redundantParameter } from './redundantParameter';
import { annotationMismatch } from './annotationMismatch';
import { irqUnsafeLock } from './irqUnsafeLock';
import { contextLeftOff } from './contextLeftOff';

export const RULES: Rule[] = [
  helperReleasesCallerLock,
  heldAtReturn,
  doubleAcquire,
  sameClassNesting,
  releaseUnheld,
  orderInversion,
  sleepInAtomic,
  useAfterUnlock,
  staleAfterRelock,
  helperDropsCallerLock,
  unguardedAccess,
  busyAsInvalid,
  redundantParameter,
  annotationMismatch,
  irqUnsafeLock,
  contextLeftOff,
];
