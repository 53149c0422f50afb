/**
 * GitHub Actions workflow commands: each finding becomes an annotation on the pull request's diff.
 * See GitHub's "Workflow commands for GitHub Actions": `::error file=…,line=…::message`.
 */
import type { Finding } from '../lint.js';
import { findingPath } from './paths.js';

const LEVEL = { error: 'error', warning: 'warning', info: 'notice' } as const;

/** Escapes per the workflow-command rules: `%`, CR and LF in data; also `:` and `,` in properties. */
const escapeData = (text: string): string => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string): string => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function formatGithub(findings: readonly Finding[], options: { cwd: string }): string {
  return findings
    .map((finding) => {
      const file = findingPath(finding, options.cwd);
      const properties = [
        `file=${escapeProperty(file)}`,
        `line=${finding.line}`,
        `col=${finding.column}`,
        `endLine=${finding.endLine}`,
        `endColumn=${finding.endColumn}`,
        `title=${escapeProperty(`dockerlint ${finding.rule}`)}`,
      ];
      return `::${LEVEL[finding.severity]} ${properties.join(',')}::${escapeData(`${finding.message} ${finding.help}`)}\n`;
    })
    .join('');
}
