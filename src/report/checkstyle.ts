/**
 * Checkstyle XML, which Jenkins (warnings-ng), reviewdog and other CI tools read: a `<file>` per file,
 * an `<error>` per finding, `source` naming the rule. Paths are relative to the working directory.
 */
import type { Finding } from '../lint.js';
import { findingsByFile } from './paths.js';
import { escapeXml } from './xml.js';

export function formatCheckstyle(findings: readonly Finding[], options: { cwd: string }): string {
  const files = [...findingsByFile(findings, options.cwd)].map(([file, fileFindings]) => {
    const errors = fileFindings.map(
      (finding) =>
        `    <error line="${String(finding.line)}" column="${String(finding.column)}" severity="${finding.severity}" message="${escapeXml(`${finding.message} ${finding.help}`)}" source="dockerlint.${escapeXml(finding.rule)}"/>\n`,
    );
    return `  <file name="${escapeXml(file)}">\n${errors.join('')}  </file>\n`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>\n<checkstyle version="4.3">\n${files.join('')}</checkstyle>\n`;
}
