/** How reports show paths: relative to the working directory, `/`-separated, on every platform. */
import path from 'node:path';
import type { Finding } from '../lint.js';

/** An absolute path as a report shows it. */
export function shownPath(absolute: string, cwd: string): string {
  return path.relative(cwd, absolute).split(path.sep).join('/');
}

/** A finding's file as a report shows it. */
export function findingPath(finding: Pick<Finding, 'root' | 'file'>, cwd: string): string {
  return shownPath(path.join(finding.root, finding.file), cwd);
}

/** Findings grouped by their shown file, in their order. */
export function findingsByFile(findings: readonly Finding[], cwd: string): Map<string, Finding[]> {
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) {
    const file = findingPath(finding, cwd);
    const group = byFile.get(file);
    if (group === undefined) byFile.set(file, [finding]);
    else group.push(finding);
  }
  return byFile;
}
