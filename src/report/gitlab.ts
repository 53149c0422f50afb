/**
 * GitLab's Code Quality report (a subset of Code Climate's issue format): a JSON array, one issue per
 * finding, with a fingerprint that survives unrelated edits, so merge requests show new and fixed issues.
 * Paths are relative to the working directory: in CI, the checkout.
 */
import type { Finding } from '../lint.js';
import type { Severity } from '../engine/rule.js';
import { fingerprintsOf } from './fingerprint.js';
import { findingPath } from './paths.js';

const SEVERITY: Record<Severity, 'major' | 'minor' | 'info'> = { error: 'major', warning: 'minor', info: 'info' };

export function formatGitlab(findings: readonly Finding[], options: { cwd: string }): string {
  const fingerprints = fingerprintsOf(findings);
  const issues = findings.map((finding, index) => ({
    type: 'issue',
    check_name: finding.rule,
    description: `${finding.message} ${finding.help}`,
    severity: SEVERITY[finding.severity],
    fingerprint: fingerprints[index],
    location: {
      path: findingPath(finding, options.cwd),
      positions: { begin: { line: finding.line, column: finding.column }, end: { line: finding.endLine, column: finding.endColumn } },
    },
  }));
  return `${JSON.stringify(issues, null, 2)}\n`;
}
