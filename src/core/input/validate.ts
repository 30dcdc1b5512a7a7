/** Limits and checks for text handed to Lockflow, shared by the CLI and the editor. */

export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

/** Why this text cannot be analysed as C or mail, or undefined when it can. */
export function rejectText(text: string, name: string): string | undefined {
  if (text.length > MAX_INPUT_BYTES) {
    return `${name} is ${(text.length / 1048576).toFixed(1)} MB; Lockflow reads at most ${MAX_INPUT_BYTES / 1048576} MB`;
  }
  const head = text.slice(0, 8192);
  if (head.includes('\u0000')) return `${name} looks binary (it contains NUL bytes); give a C file, a patch or a mail`;
  return undefined;
}

/** An error that is the user's to fix: printed as one line, exit code 2. */
export class InputError extends Error {
  override readonly name = 'InputError';
}
