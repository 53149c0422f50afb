/**
 * One line per finding, `file:line:col: severity message [rule]`, the shape compilers print and editors'
 * problem matchers read (the README has one for VS Code). Paths are relative to the working directory.
 */
import type { Finding } from '../lint.js';
import { findingPath } from './paths.js';

export function formatCompact(findings: readonly Finding[], options: { cwd: string }): string {
  return findings
    .map((finding) => {
      const file = findingPath(finding, options.cwd);
      // A line break would end the line a problem matcher reads.
      const text = `${finding.message} ${finding.help}`.replace(/\s*[\r\n]+\s*/g, ' ');
      return `${file}:${String(finding.line)}:${String(finding.column)}: ${finding.severity} ${text} [${finding.rule}]\n`;
    })
    .join('');
}
