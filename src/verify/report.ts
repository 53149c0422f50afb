/** Formats a `verify` result for people (stylish) and for tools (json). */
import path from 'node:path';
import { createColors } from 'picocolors';
import type { StepOutcome } from './judge.js';
import type { ProbeResult } from './probes.js';
import type { BaseImageReport, ServiceVerification, StepReport, VerifyResult } from './verify.js';
import { counted, shorten } from '../text.js';

const INSTRUCTION_WIDTH = 64;

export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m ${String(Math.round(seconds - minutes * 60)).padStart(2, '0')}s`;
}

export function formatVerifyJson(result: VerifyResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}

export interface StylishOptions {
  cwd: string;
  color: boolean;
}

export function formatVerifyStylish(result: VerifyResult, options: StylishOptions): string {
  const c = createColors(options.color);
  const display = (root: string, file: string | null): string => {
    if (file === null) return '?';
    const relative = path.relative(options.cwd, path.resolve(root, file)).split(path.sep).join('/');
    return relative === '' ? '.' : relative;
  };
  const out: string[] = [];
  out.push(c.dim(`BuildKit of Docker Engine ${result.docker.serverVersion} (client ${result.docker.client})`), '');

  for (const base of result.baseImages.filter((entry) => entry.status !== 'present')) out.push(...formatBase(base, display, c), '');

  for (const verification of result.services) {
    out.push(...formatService(verification, display, c), '');
  }

  const count = (status: ServiceVerification['status']): number => result.services.filter((verification) => verification.status === status).length;
  const parts = [
    count('pass') > 0 ? c.green(`${count('pass')} passed`) : null,
    count('fail') > 0 ? c.red(`${count('fail')} failed`) : null,
    count('error') > 0 ? c.red(`${count('error')} could not be verified`) : null,
    count('skipped') > 0 ? c.yellow(`${count('skipped')} skipped`) : null,
  ].filter((part) => part !== null);
  const total = result.services.length;
  out.push(`${counted(total, 'build')}: ${parts.join(', ')}`);
  return `${out.join('\n')}\n`;
}

type Colors = ReturnType<typeof createColors>;
type Display = (root: string, file: string | null) => string;

function formatBase(base: BaseImageReport, display: Display, c: Colors): string[] {
  const where = `${display(base.root, base.dockerfile)}${base.target === null ? '' : `, target ${base.target}`}`;
  if (base.status === 'built') return [`${c.cyan('base')}  ${c.bold(base.image)} built in ${formatSeconds(base.seconds ?? 0)} ${c.dim(`(${where})`)}`];
  const lines = [`${c.red('base')}  ${c.bold(base.image)} ${base.status === 'missing' ? 'is not built' : `failed to build: ${base.reason ?? ''}`} ${c.dim(`(${where})`)}`];
  lines.push(`      build it with: ${base.command}`);
  for (const hint of base.hints) lines.push(`      ${c.yellow(`hint: ${hint}`)}`);
  lines.push(...base.log.map((line) => c.dim(`      │ ${line}`)));
  return lines;
}

const STATUS_MARK: Record<ServiceVerification['status'], string> = { pass: '✔ pass', fail: '✖ fail', error: '✖ error', skipped: '- skipped' };

function formatService(verification: ServiceVerification, display: Display, c: Colors): string[] {
  const paint = verification.status === 'pass' ? c.green : verification.status === 'skipped' ? c.yellow : c.red;
  const where = [
    display(verification.root, verification.dockerfile),
    verification.target === null ? null : `target ${verification.target}`,
    verification.context === null ? null : `context ${display(verification.root, verification.context)}`,
  ].filter((part) => part !== null);
  const lines = [`${paint(STATUS_MARK[verification.status])}  ${c.bold(verification.name)}  ${c.dim(where.join(', '))}`];
  const indent = '    ';
  if (verification.edit) lines.push(`${indent}edited ${c.bold(verification.edit.contextFile)}: ${verification.edit.description}`);
  const { warm, edited } = verification.builds;
  if (warm) {
    const timings = [`build before the edit ${formatSeconds(warm.seconds)}`];
    if (edited) timings.push(`rebuild after it ${formatSeconds(edited.seconds)}`);
    lines.push(`${indent}${timings.join(', ')}`);
  }
  if (verification.steps.length > 0) {
    const labelWidth = Math.max(...verification.steps.map((step) => step.step.length));
    const textWidth = Math.max(...verification.steps.map((step) => Math.min(step.instruction.length, INSTRUCTION_WIDTH)));
    for (const step of verification.steps) lines.push(`${indent}${formatStep(step, labelWidth, textWidth, c)}`);
  }
  if (verification.probes.length === 0) {
    lines.push(`${indent}${paint(verification.status === 'error' ? `could not verify: ${verification.reason}` : verification.reason)}`);
  }
  const probeWidth = Math.max(0, ...verification.probes.map((probe) => probe.probe.length));
  for (const probe of verification.probes) lines.push(...formatProbe(probe, probeWidth, c));
  for (const hint of verification.hints) lines.push(`${indent}${c.yellow(`hint: ${hint}`)}`);
  lines.push(...verification.log.map((line) => c.dim(`${indent}│ ${line}`)));
  return lines;
}

const PROBE_MARK: Record<ProbeResult['status'], string> = { pass: '✔', fail: '✖', error: '✖', skipped: '-' };

/** A probe on its own line: mark, name, reason; further failures and its builds' times below it. */
function formatProbe(probe: ProbeResult, width: number, c: Colors): string[] {
  const paint = probe.status === 'pass' ? c.green : probe.status === 'skipped' ? c.yellow : c.red;
  const reason = probe.status === 'error' ? `could not verify: ${probe.reason}` : probe.reason;
  const lines = [`    ${paint(PROBE_MARK[probe.status])} ${c.bold(probe.probe.padEnd(width))}  ${paint(reason)}`];
  const pad = ' '.repeat(width + 8);
  for (const problem of probe.problems.slice(1)) lines.push(`${pad}${c.red(problem)}`);
  if (probe.probe !== 'source-edit' && probe.probe !== 'budget') {
    for (const build of probe.builds) lines.push(c.dim(`${pad}${build.change}: ${formatSeconds(build.seconds)}, ${ranAgain(build.rebuilt)}`));
  }
  return lines;
}

/** The steps a probe's build ran again, briefly: the JSON report lists them all. */
function ranAgain(rebuilt: readonly string[]): string {
  if (rebuilt.length === 0) return 'all CACHED';
  const [first = '', second] = rebuilt.map((step) => step.replace(/ \(line \d+\)$/, ''));
  if (second === undefined) return `ran again: ${shorten(first, 60)}`;
  return `ran again: ${shorten(first, 60)}, ${shorten(second, 60)}${rebuilt.length > 2 ? ` and ${rebuilt.length - 2} more` : ''}`;
}

const OUTCOME_TEXT: Record<StepOutcome, string> = { cached: 'CACHED', rebuilt: 'rebuilt', failed: 'failed', unreported: '-' };

function formatStep(step: StepReport, labelWidth: number, textWidth: number, c: Colors): string {
  const instruction = shorten(step.instruction, INSTRUCTION_WIDTH);
  // BuildKit 20.10 reports a local base image as CACHED or DONE at random: not worth showing.
  const outcome = step.role === 'from' ? '-' : OUTCOME_TEXT[step.edited];
  const paintOutcome =
    step.role === 'from' ? c.dim : step.edited === 'cached' ? c.green : (step.edited === 'rebuilt' && step.role === 'install') || step.edited === 'failed' ? c.red : c.yellow;
  const note = step.role === 'install' ? 'dependency install' : step.role === 'copies-edit' ? 'copies the edited file' : '';
  const line = c.dim(`line ${step.line}`.padEnd(8));
  return `${paintOutcome(outcome.padEnd(7))}  ${step.step.padEnd(labelWidth)}  ${instruction.padEnd(textWidth)}  ${line}${note === '' ? '' : `  ${c.cyan(`← ${note}`)}`}`.trimEnd();
}
