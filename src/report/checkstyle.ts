/**
 * Checkstyle XML, which Jenkins (warnings-ng), reviewdog and other CI tools read: a `<file>` per file,
 * an `<error>` per finding, `source` naming the rule. Paths are relative to the working directory.
 */
import path from 'node:path';
import type { Finding } from '../lint.js';

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

export function formatCheckstyle(findings: readonly Finding[], options: { cwd: string }): string {
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) {
    const file = path.relative(options.cwd, path.join(finding.root, finding.file)).split(path.sep).join('/');
    byFile.set(file, [...(byFile.get(file) ?? []), finding]);
  }
  const files = [...byFile].map(([file, fileFindings]) => {
    const errors = fileFindings.map(
      (finding) =>
        `    <error line="${String(finding.line)}" column="${String(finding.column)}" severity="${finding.severity}" message="${escapeXml(`${finding.message} ${finding.help}`)}" source="dockerlint.${escapeXml(finding.rule)}"/>\n`,
    );
    return `  <file name="${escapeXml(file)}">\n${errors.join('')}  </file>\n`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>\n<checkstyle version="4.3">\n${files.join('')}</checkstyle>\n`;
}
