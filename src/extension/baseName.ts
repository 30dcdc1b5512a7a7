/** The last segment of a path or of a URI's path: what the editor shows as a file's name. */
export function baseName(path: string | { path: string }): string {
  const p = typeof path === 'string' ? path : path.path;
  return p.split('/').pop() || p;
}
