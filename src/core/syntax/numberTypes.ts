/**
 * Types whose values are plain numbers: C's arithmetic types as declarations spell them, and the
 * kernel's fixed-width and byte-order typedefs of them. A value of such a type can neither be a
 * lock nor lead to one.
 */
const ARITHMETIC = /^(?:(?:const|volatile|signed|unsigned|short|long|int|char|_Bool|bool|size_t|ssize_t)\s*)+$/;
const KERNEL_NUMBERS = /^(?:const\s+)?(?:__)?(?:[us](?:8|16|32|64)|(?:le|be)(?:16|32|64))$|^(?:const\s+)?(?:loff_t|off_t|pid_t|uid_t|gid_t|umode_t|gfp_t|dma_addr_t|phys_addr_t|resource_size_t|sector_t|blkcnt_t|ktime_t|time64_t|uintptr_t)$/;

/** C's own arithmetic types (`int`, `unsigned long`, `bool`). */
export function isArithmeticType(type: string): boolean {
  return ARITHMETIC.test(type.trim());
}

/** An arithmetic type, or one of the kernel's number typedefs (`u8`, `__be32`, `sector_t`). */
export function isNumberType(type: string): boolean {
  const t = type.trim();
  return ARITHMETIC.test(t) || KERNEL_NUMBERS.test(t);
}

/** Number types that hold no negative value (`unsigned int`, `u8`, `size_t`, `bool`). */
const UNSIGNED = /^(?:const\s+)?(?:unsigned\b|u8|u16|u32|u64|__u8|__u16|__u32|__u64|uint(?:8|16|32|64)_t|size_t|bool|_Bool|dma_addr_t|phys_addr_t|gfp_t|sector_t)\b/;

/** A number type that is never below zero. */
export function isUnsignedType(type: string): boolean {
  return UNSIGNED.test(type.trim());
}

/** A struct's fields of number types: a number (`u8 mode`), or an array of numbers (`u8 pwm[13]`). */
export type NumberFields = Map<string, Map<string, 'value' | 'array'>>;
