/**
 * What `--fix` would write, as a unified diff (`a/` and `b/` prefixes, paths relative to the working
 * directory, a created file from `/dev/null`), which `git apply` and `patch -p1` take.
 */
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import type { PlannedFix } from '../engine/fix.js';
import { shownPath } from './paths.js';

export function formatFixDiff(planned: readonly PlannedFix[], options: { cwd: string }): string {
  return [...planned]
    .map((fix) => ({ ...fix, file: shownPath(fix.file, options.cwd) }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
    .map((fix) => createTwoFilesPatch(fix.before === undefined ? '/dev/null' : `a/${fix.file}`, `b/${fix.file}`, fix.before ?? '', fix.after, undefined, undefined, { headerOptions: FILE_HEADERS_ONLY }))
    .join('');
}
