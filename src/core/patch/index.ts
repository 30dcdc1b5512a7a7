/** Patch ingestion: mails, mboxes, quoted replies and series in; hunks, remarks and notices out. */
export { readPatchInput } from './read';
export { applyToBase, MAX_FUZZ } from './apply';
export { applyPatchSet, baseText, type FileOutcome } from './applySet';
export { postImageWithoutBase, completeWithin } from './postimage';
export { isPatchLike } from './sniff';
export { gitBlobId } from './blob';
export { baseLineOf } from './lineMap';
export type * from './types';
