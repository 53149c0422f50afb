/**
 * `dockerlint doctor`: checks the machine, not the files. Gathers the facts (commands run by
 * `probe.ts`, the project read as for linting), runs each check and prints a checklist with the fix
 * for every failure.
 */
import pc from 'picocolors';
import {
  checkBuildkitDefault,
  checkBuildx,
  checkCompose,
  checkComposeCliBuildVariable,
  checkDaemon,
  checkDockerBuildkitVariable,
  checkGpuRuntime,
  checkWslDrive,
  type CheckResult,
  type CheckStatus,
  type ProjectFacts,
} from './checks.js';
import type { MachineFacts } from './probe.js';
import { counted } from '../text.js';

export interface DoctorReport {
  /** Absolute project root the project checks looked at. */
  root: string;
  checks: CheckResult[];
  /** Why the project could not be read completely, or `null`. */
  projectProblem: string | null;
  /** True when no required check failed. */
  ok: boolean;
}

/** Runs every check on the facts gathered. */
export function diagnose(env: Readonly<Record<string, string | undefined>>, machine: MachineFacts, project: ProjectFacts): DoctorReport {
  const checks = [
    checkDaemon(machine.dockerVersion),
    checkBuildkitDefault(env, machine.dockerVersion, machine.buildxVersion),
    checkDockerBuildkitVariable(env, machine.dockerVersion, machine.buildxVersion),
    checkComposeCliBuildVariable(env, machine.composeStandaloneVersion),
    checkBuildx(machine.dockerVersion, machine.buildxVersion),
    checkCompose(machine.composePluginVersion, machine.composeStandaloneVersion, project),
    checkGpuRuntime(machine.dockerInfo, project),
    checkWslDrive(machine.procVersion, project.root),
  ];
  return { root: project.root, checks, projectProblem: project.problem, ok: checks.every((check) => check.status !== 'fail') };
}

const SYMBOLS: Record<CheckStatus, string> = { pass: '✔', warn: '!', fail: '✖', skip: '-' };

export function formatDoctorStylish(report: DoctorReport, options: { color: boolean }): string {
  const paint = pc.createColors(options.color);
  const colorOf: Record<CheckStatus, (text: string) => string> = { pass: paint.green, warn: paint.yellow, fail: paint.red, skip: paint.dim };
  const width = Math.max(...report.checks.map((check) => check.title.length));
  const lines = [`dockerlint doctor: this machine, for the project at ${report.root}`, ''];
  for (const check of report.checks) {
    const color = colorOf[check.status];
    lines.push(`  ${color(SYMBOLS[check.status])} ${paint.bold(check.title.padEnd(width))}  ${check.detail}`);
    if (check.fix !== null && check.status !== 'pass') lines.push(`    ${' '.repeat(width)}  ${color('fix:')} ${check.fix}`);
  }
  if (report.projectProblem !== null) lines.push('', paint.yellow(`Note: ${report.projectProblem}`));
  const failed = report.checks.filter((check) => check.status === 'fail').length;
  const warned = report.checks.filter((check) => check.status === 'warn').length;
  const summary =
    failed > 0
      ? paint.red(`✖ ${counted(failed, 'required check')} failed${warned > 0 ? `, ${counted(warned, 'warning')}` : ''}.`)
      : paint.green(`✔ Every required check passed${warned > 0 ? ` (${counted(warned, 'warning')})` : ''}.`);
  lines.push('', summary, '');
  return lines.join('\n');
}

export const DOCTOR_JSON_VERSION = 1;

export function formatDoctorJson(report: DoctorReport): string {
  return `${JSON.stringify({ version: DOCTOR_JSON_VERSION, ...report }, null, 2)}\n`;
}
