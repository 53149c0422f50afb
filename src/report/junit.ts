/**
 * JUnit XML, which GitLab's test reports, Jenkins, Azure Pipelines and most CI dashboards read: a
 * `<testsuite>` per file with findings, a `<testcase>` per finding holding its `<failure>` (as ESLint's
 * junit formatter does). A clean run is one passing test case, so a dashboard shows the check ran.
 */
import type { Finding } from '../lint.js';
import { findingsByFile } from './paths.js';
import { escapeXml } from './xml.js';

export function formatJunit(findings: readonly Finding[], options: { cwd: string }): string {
  const suites = [...findingsByFile(findings, options.cwd)].map(([file, fileFindings]) => {
    const cases = fileFindings.map((finding) => {
      const where = `${file}:${String(finding.line)}:${String(finding.column)}`;
      const body = `${where} ${finding.severity} ${finding.message}\n${finding.help}`;
      return (
        `    <testcase name="${escapeXml(`${where} ${finding.rule}`)}" classname="${escapeXml(file)}">\n` +
        `      <failure message="${escapeXml(finding.message)}" type="${finding.severity}">${escapeXml(body)}</failure>\n` +
        '    </testcase>\n'
      );
    });
    return `  <testsuite name="${escapeXml(file)}" tests="${String(fileFindings.length)}" failures="${String(fileFindings.length)}" errors="0">\n${cases.join('')}  </testsuite>\n`;
  });
  const passing = '  <testsuite name="dockerlint" tests="1" failures="0" errors="0">\n    <testcase name="dockerlint" classname="dockerlint"/>\n  </testsuite>\n';
  const body = suites.length === 0 ? passing : suites.join('');
  return `<?xml version="1.0" encoding="utf-8"?>\n<testsuites name="dockerlint" tests="${String(Math.max(findings.length, 1))}" failures="${String(findings.length)}">\n${body}</testsuites>\n`;
}
