import path from 'node:path';

/**
 * Does `relative`, a path relative to some directory (`/`- or platform-separated), lead out of it? A
 * name that merely starts with two dots (`..cache`) stays inside.
 */
export function leavesDirectory(relative: string): boolean {
  return relative === '..' || relative.startsWith('../') || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
}

/**
 * Where the paths strictly below `dir` (`''`: all of them) lie in a sorted list of `/`-separated paths
 * (as `Project.filesUnder('')` gives them): one binary search and the contiguous run after it.
 */
export function runBelow(sorted: readonly string[], dir: string): { start: number; end: number } {
  if (dir === '') return { start: 0, end: sorted.length };
  const prefix = `${dir}/`;
  let start = 0;
  let high = sorted.length;
  while (start < high) {
    const mid = (start + high) >> 1;
    if ((sorted[mid] ?? '') < prefix) start = mid + 1;
    else high = mid;
  }
  let end = start;
  while (end < sorted.length && (sorted[end] ?? '').startsWith(prefix)) end++;
  return { start, end };
}

/** The paths strictly below `dir` in a sorted list (see `runBelow`). */
export function pathsUnder(sorted: readonly string[], dir: string): string[] {
  const { start, end } = runBelow(sorted, dir);
  return sorted.slice(start, end);
}
