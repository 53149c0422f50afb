/**
 * The probes of `verify` besides the source edit, as pure functions: which change each makes to a copy
 * of the build context, and what BuildKit's log of the rebuild must show. No I/O.
 *
 * - manifest-edit: a neutral change to each dependency manifest must re-run an install;
 * - unrelated-edit: files the ignore file must exclude (and one outside the context) change nothing;
 * - isolation: another service's source edit leaves this build fully cached;
 * - budget: the rebuild after the source edit takes at most the budget;
 * - base-reuse: each local base image is built at most once and stays the same through the builds.
 */
import path from 'node:path';
import { listing } from '../text.js';
import { blankLine } from './edit.js';
import { describeStep, matchSteps, quoteInstruction } from './judge.js';
import { readsFile, type BuildPlan, type PlannedStep } from './plan.js';
import type { ProgressStep } from './progress.js';

export const PROBES = ['source-edit', 'manifest-edit', 'unrelated-edit', 'isolation', 'budget', 'base-reuse'] as const;
export type ProbeName = (typeof PROBES)[number];

/** The policy's figure: a code-change rebuild completes in under 30 seconds. */
export const DEFAULT_BUDGET_SECONDS = 30;

export type ProbeStatus = 'pass' | 'fail' | 'error' | 'skipped';

/** One build a probe ran: what it changed, how long it took, and the steps that ran again. */
export interface ProbeBuild {
  change: string;
  seconds: number;
  /** `[deps 4/4] RUN npm ci (line 9)` for each step BuildKit ran again (FROM steps aside). */
  rebuilt: string[];
}

export interface ProbeResult {
  probe: ProbeName;
  status: ProbeStatus;
  /** One sentence: what was proven, or why not. */
  reason: string;
  /** Every failure, explained (the first is also the reason). */
  problems: string[];
  builds: ProbeBuild[];
}

// ─── Reading a rebuild ───────────────────────────────────────────────────────

/** The planned steps BuildKit ran again (not CACHED) in a build; FROM steps are not judged (BuildKit 20.10 reports a local base at random). */
export function rebuiltSteps(plan: BuildPlan, progress: readonly ProgressStep[]): PlannedStep[] {
  const matched = matchSteps(plan, progress);
  return plan.steps.filter((planned) => planned.kind !== 'from' && matched.get(planned.id)?.state === 'done');
}

// ─── manifest-edit ───────────────────────────────────────────────────────────

const HASH_COMMENT = /(?:^|\/)(?:requirements[^/]*\.txt|constraints[^/]*\.txt|[^/]*\.toml|Pipfile|Gemfile|[^/]*\.ya?ml|yarn\.lock|poetry\.lock|uv\.lock|\.npmrc|setup\.cfg|\.condarc)$/;

/**
 * A change to a dependency manifest that means nothing to its package manager but that BuildKit sees,
 * carrying `nonce` so that no earlier build can have cached it: JSON reformatted (indentation changed)
 * and ended by a line of blanks, a comment line where the format has comments (`#`, `//` in go.mod),
 * else a line of blanks (go.sum, Gemfile.lock).
 */
export function neutralManifestEdit(file: string, text: string, nonce: string): { text: string; description: string } {
  const newline = text === '' || text.endsWith('\n') ? '' : '\n';
  if (file.endsWith('.json')) {
    try {
      const parsed: unknown = JSON.parse(text);
      const indent = /^\{\n( +|\t)"/.exec(text)?.[1] === '  ' ? 4 : 2;
      return { text: `${JSON.stringify(parsed, null, indent)}\n${blankLine(nonce)}\n`, description: `reformatted (indented by ${indent})` };
    } catch {
      // Not JSON after all: a line of blanks below.
    }
  }
  if (HASH_COMMENT.test(file)) return { text: `${text}${newline}# dockerlint verify: manifest probe ${nonce}\n`, description: 'appended a comment line' };
  if (path.posix.basename(file) === 'go.mod') return { text: `${text}${newline}// dockerlint verify: manifest probe ${nonce}\n`, description: 'appended a comment line' };
  return { text: `${text}${newline}${blankLine(nonce)}\n`, description: 'appended a line of blanks' };
}

/**
 * The manifests the probe edits: those at the context's root, and any other that a step an install
 * builds on copies (a nested package's manifest that arrives only with the source is not the install's).
 */
export function manifestsToEdit(plan: BuildPlan, sent: readonly string[], isManifest: (file: string) => boolean): string[] {
  return sent.filter((file) => {
    if (!isManifest(file)) return false;
    const readers = plan.steps.filter((planned) => planned.contextReads.some((read) => readsFile(read, file)));
    if (readers.length === 0) return false;
    return !file.includes('/') || readers.some((planned) => planned.mustStayCached);
  });
}

/** Why an install stayed cached after editing `manifest`: where the manifest does reach the build, if anywhere. */
export function staleInstallProblem(plan: BuildPlan, manifest: string): string {
  const installs = plan.installSteps.map(quoteInstruction);
  const subject = installs.length === 1 ? `the dependency install ${installs[0] ?? ''}` : `the dependency installs (${listing(installs)})`;
  const readers = plan.steps.filter((planned) => planned.contextReads.some((read) => readsFile(read, manifest)));
  const first = readers[0];
  const where = first === undefined ? 'no step copies it' : `it reaches the build only with ${describeStep(first)}, which no install builds on`;
  return `editing ${manifest} left ${subject} CACHED: ${where}, so the image ships an install that never read it. Copy ${manifest} before the install.`;
}

// ─── unrelated-edit ──────────────────────────────────────────────────────────

/** Directories that ignore entries name (an entry without `/` matches a file or a directory alike). */
const DIRECTORY_SAMPLES: Record<string, string> = {
  node_modules: 'node_modules/dockerlint-probe/index.js',
  __pycache__: '__pycache__/dockerlint_probe.cpython-311.pyc',
  '.git': '.git/dockerlint-probe',
  '.venv': '.venv/dockerlint-probe.py',
  data: 'data/dockerlint-probe.csv',
  target: 'target/dockerlint-probe.rlib',
  vendor: 'vendor/dockerlint-probe.php',
};

/** A file that the ignore entry `pattern` must keep out: `*.log` → `dockerlint-probe.log`, `data/` → `data/dockerlint-probe.csv`. */
export function sampleFile(pattern: string): string | null {
  const bare = pattern.replace(/^!/, '').replace(/^(?:\*\*\/)+/, '').replace(/^\/+/, '');
  const directory = bare.endsWith('/');
  const name = bare.replace(/\/+$/, '');
  if (name === '' || name.includes('/') || pattern.startsWith('!')) return null;
  const known = DIRECTORY_SAMPLES[name];
  if (known !== undefined) return known;
  const concrete = name.replace(/\*+/g, 'dockerlint-probe').replace(/\?/g, 'x').replace(/\[[^\]]*\]/g, 'x');
  return directory ? `${concrete}/dockerlint-probe.txt` : concrete;
}

/**
 * Where the probe's files go: the context's root and each directory a step copies from it (`COPY src
 * ./src` would carry `src/debug.log`), at most a few.
 */
export function sampleDirectories(plan: BuildPlan, isDirectory: (dir: string) => boolean): string[] {
  const dirs = new Set<string>(['']);
  for (const planned of plan.steps) {
    for (const read of planned.contextReads) {
      const literal = (read.pattern ?? '').split('/').filter((part) => !/[*?[\\]/.test(part));
      const dir = literal.join('/');
      if (dir !== '' && isDirectory(dir)) dirs.add(dir);
    }
  }
  return [...dirs].slice(0, 4);
}

/**
 * The unrelated-edit verdict: nothing may run again. A step that did is blamed on the probe files it
 * copies (those the ignore file does not exclude, as Docker reads it).
 */
export function unrelatedEditProblems(rebuilt: readonly PlannedStep[], created: readonly string[], ignored: (file: string) => boolean): string[] {
  const readers = rebuilt.filter((planned) => planned.contextReads.length > 0);
  const problems = readers.map((planned) => {
    const copied = created.filter((file) => planned.contextReads.some((read) => readsFile(read, file)));
    const reached = copied.filter((file) => !ignored(file));
    const files = reached.length > 0 ? reached : copied;
    return `${listing(files.slice(0, 4))}${files.length > 4 ? ` and ${files.length - 4} more` : ''} reached the build: ${describeStep(planned)} ran again. Exclude ${files.length === 1 ? 'it' : 'them'} in the ignore file`;
  });
  if (problems.length === 0 && rebuilt.length > 0) {
    const [first] = rebuilt;
    if (first) problems.push(`${describeStep(first)} ran again though no file it uses changed (does it depend on something that changes on every build?)`);
  }
  return problems;
}
