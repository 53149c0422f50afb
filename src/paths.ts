import path from 'node:path';

/**
 * Does `relative`, a path relative to some directory (`/`- or platform-separated), lead out of it? A
 * name that merely starts with two dots (`..cache`) stays inside.
 */
export function leavesDirectory(relative: string): boolean {
  return relative === '..' || relative.startsWith('../') || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
}
