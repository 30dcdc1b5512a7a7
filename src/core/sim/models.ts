/** Every model function the simulated code can call: kernel primitives and helpers, then the iommu core. */
import { IOMMU } from './iommu';
import { KERNEL } from './kernel';
import type { ModelTable } from './model';

export const MODEL: ModelTable = { ...KERNEL, ...IOMMU };
