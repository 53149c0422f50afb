import type { Finding } from '../lint.js';

export interface Summary {
  errors: number;
  warnings: number;
  infos: number;
  /** Findings that `--fix` can fix. */
  fixable: number;
  /** Files with at least one finding. */
  files: number;
}

export function summarize(findings: readonly Finding[]): Summary {
  return {
    errors: findings.filter((finding) => finding.severity === 'error').length,
    warnings: findings.filter((finding) => finding.severity === 'warning').length,
    infos: findings.filter((finding) => finding.severity === 'info').length,
    fixable: findings.filter((finding) => finding.fix !== undefined).length,
    files: new Set(findings.map((finding) => `${finding.root}\0${finding.file}`)).size,
  };
}
