/**
 * Review Patch or Mail, in the worker: read the patch or mail, apply it to the workspace folders'
 * files (read through the core's reader, confined to each folder: no `..`, no symlink out, no
 * device), review the result, and make it plain data with the reply mail ready.
 */
import { readPatchInput, preimageReader, revisionReader, InputError, readInside, reviewPatch, reviewToMail, type BaseRead, type PatchSet, gitIdentity } from '../core';
import { toReviewData } from './reviewData';
import type { PatchRequest, PatchReviewData } from './protocol';

/**
 * Reads a diff path's base from the first folder that has it, noting in `bases` where it came
 * from; in a git work tree, the preimage blob the patch names comes first, as on the command line.
 * Paths no folder has are added to `notFound`.
 */
function folderReader(folders: string[], set: PatchSet, bases: Record<string, string>, notFound: string[]): (path: string) => BaseRead {
  const blobs = folders.map((folder) => preimageReader(folder, set.patches.flatMap((p) => p.files)));
  return (path) => {
    for (const [k, folder] of folders.entries()) {
      const got = readInside(folder, path, 'the workspace folder');
      if ('absent' in got) continue;
      if ('missing' in got) return got;
      bases[path] = got.path;
      return blobs[k](path) ?? got.text;
    }
    notFound.push(path);
    return { missing: `${path} is not in ${folders.length === 1 ? folders[0] : 'the workspace'}` };
  };
}

export async function reviewPatchText(request: Omit<PatchRequest, 'kind'>): Promise<PatchReviewData> {
  const { text, name, folders, revision, options } = request;
  const reply = { reviewedBy: request.reply?.reviewedBy, from: request.reply?.from ?? gitIdentity(folders[0] ?? process.cwd()) };
  const set = await readPatchInput(text, name);
  if (!set.patches.length) throw new InputError(`${name}: no patch found in this text`);
  const bases: Record<string, string> = {};
  const notFound: string[] = [];
  const atRevision = revision && revisionReader(revision.repo, revision.rev);
  if (revision && !atRevision) throw new InputError(`${revision.rev} is not a revision of the git repository at ${revision.repo}`);
  const readBase = atRevision || folderReader(folders, set, bases, notFound);
  const review = await reviewPatch(set, { ...options, readBase });
  const { files, orderAdded, orderRemoved, fixed } = review;
  return { set, files, orderAdded, orderRemoved, fixed, after: toReviewData(review.after), bases, reply: reviewToMail(review, reply), replyOptions: reply, notFound: [...new Set(notFound)] };
}
