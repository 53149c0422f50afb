#!/usr/bin/env node
/**
 * The command line: parses arguments, runs `lint`, prints a report, sets the exit code
 * (0 clean, 1 findings that fail, 2 usage, config or internal error).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { ConfigError, findConfigFile, loadConfig, parseRuleFlag, ruleConfigFor } from './config/load.js';
import { InternalError, lint, UsageError, type Finding, type LintResult } from './lint.js';
import { errorSummary, REPORT_REQUEST } from './internal-error.js';
import { findGitRoot } from './project/discover.js';
import { LINTED_FILE_LIMIT } from './project/load.js';
import { explainProject } from './report/explain.js';
import { formatNames, LINT_FORMATS, reporterFor } from './report/formats.js';
import { formatTiming, STARTUP_TIMING } from './report/timing.js';
import type { SeveritySetting } from './engine/rule.js';
import { rules } from './rules/index.js';
import { colorEnabled, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, parseCommandLine, REPORT_OPTIONS, type Io } from './terminal.js';
import { version } from './version.js';
import { ruleDocsUrl } from './docs-url.js';
import { counted } from './text.js';
import { errorCode, readStreamBounded } from './files.js';
import { shownPath } from './report/paths.js';


const HELP = `Usage: dockerlint [options] [paths...]
       dockerlint verify [options] [paths...]
       dockerlint doctor [--format stylish|json]

Lints Dockerfiles, compose files, .dockerignore files and shell scripts of a project together
against a build-caching policy. Without paths, lints the current directory. A file named is linted in
its project, and reported with the files it affects (the Dockerfiles of a .dockerignore's context, the
services built on a base Dockerfile, the Dockerfiles of a compose file's services).

Commands:
  verify                               Prove the policy with a real BuildKit: edit source, rebuild, check
                                       that the dependency layers come back CACHED (dockerlint verify --help)
  doctor                               Check this machine instead of the files: Docker daemon, BuildKit,
                                       DOCKER_BUILDKIT/COMPOSE_DOCKER_CLI_BUILD, buildx, Compose v2, NVIDIA
                                       runtime (for GPU services), WSL with the project on a Windows drive.
                                       Prints each failed check's fix; exits 1 when a required check fails.
                                       (To lint a directory named doctor, write ./doctor.)

Options:
  -c, --config FILE                    Use this config file instead of the nearest .dockerlintrc.json
  -f, --format NAME                    Output format: ${formatNames(LINT_FORMATS)} (default: stylish)
  -o, --output-file FILE               Write the report to FILE
      --fix                            Fix what can be fixed, then report what remains
      --changed-since REF              Lint only what changed since the git revision REF (committed since
                                       REF and HEAD met, staged, unstaged, untracked) and what it affects
      --stdin                          Lint the text on stdin as the file --stdin-filename names, in its
                                       project on disk; report that file's findings only (for editors)
      --stdin-filename PATH            The file the text on stdin is (need not exist)
      --fix-dry-run                    Print what --fix would change as a unified diff, write nothing; the
                                       report goes to stderr (or --output-file)
      --quiet                          Report errors only
      --max-warnings N                 Exit 1 when there are more than N warnings
      --rule ID:SEVERITY               Set a rule's severity (off, info, warning, error); repeatable
      --report-unused-disable-directives
                                       Report dockerlint-disable comments that suppress nothing
      --print-config FILE              Print the configuration that applies to FILE
      --explain                        Also show what was understood: services, contexts, Dockerfiles,
                                       their roles and stages, local images, GPU services
      --timing                         Also print, on stderr, how long reading and parsing took and each rule
      --list-rules                     List the rules with their default severities and docs pages
      --no-color                       Never colour the output (NO_COLOR and FORCE_COLOR are honoured)
  -v, --version                        Print the version
  -h, --help                           Print this help

Exit codes: 0 no failing findings, 1 failing findings, 2 usage, configuration or internal error.
`;

const OPTIONS = {
  ...REPORT_OPTIONS,
  config: { type: 'string', short: 'c' },
  'output-file': { type: 'string', short: 'o' },
  fix: { type: 'boolean', default: false },
  'changed-since': { type: 'string' },
  stdin: { type: 'boolean', default: false },
  'stdin-filename': { type: 'string' },
  'fix-dry-run': { type: 'boolean', default: false },
  quiet: { type: 'boolean', default: false },
  'max-warnings': { type: 'string' },
  rule: { type: 'string', multiple: true, default: [] },
  'report-unused-disable-directives': { type: 'boolean', default: false },
  'print-config': { type: 'string' },
  explain: { type: 'boolean', default: false },
  timing: { type: 'boolean', default: false },
  'list-rules': { type: 'boolean', default: false },
  version: { type: 'boolean', short: 'v', default: false },
} as const satisfies ParseArgsConfig['options'];


/**
 * Whether this process has linted. Only such a run is worth keeping the bundle's code cache from
 * (bin.ts): the cache holds what the run compiled, and `--version` compiles little of what a lint needs.
 */
let linted = false;

export function hasLinted(): boolean {
  return linted;
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  // Since the process started: Node's own start-up and loading dockerlint, for --timing.
  const startup = performance.now();
  try {
    return await run(argv, io, startup);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      io.stderr(`dockerlint: ${error.message}\n`);
      return EXIT_ERROR;
    }
    // One line that says where; the stack only on request.
    const where = error instanceof InternalError ? ` while linting ${path.relative(io.cwd, error.root) || '.'}` : '';
    const cause = error instanceof InternalError ? error.cause : error;
    io.stderr(`dockerlint: internal error${where}: ${errorSummary(cause)}. ${REPORT_REQUEST}\n`);
    if (io.env.DOCKERLINT_DEBUG && cause instanceof Error && cause.stack !== undefined) io.stderr(`${cause.stack}\n`);
    return EXIT_ERROR;
  }
}

async function run(argv: readonly string[], io: Io, startup: number): Promise<number> {
  // Sub-commands load on demand: a lint run (a pre-commit hook) does not pay for them.
  if (argv[0] === 'verify') return (await import('./verify/cli.js')).runVerifyCommand(argv.slice(1), io);
  // A sub-command, dispatched before the lint options are parsed.
  if (argv[0] === 'doctor') return (await import('./doctor/cli.js')).runDoctorCommand(argv.slice(1), io);
  const parsed = parseCommandLine({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true }, 'dockerlint');
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(HELP);
    return EXIT_OK;
  }
  if (values.version) {
    io.stdout(`${version}\n`);
    return EXIT_OK;
  }
  if (values['list-rules']) {
    io.stdout(listRules());
    return EXIT_OK;
  }
  const format = values.format;
  const reporter = reporterFor(LINT_FORMATS, format);
  const maxWarnings = values['max-warnings'] === undefined ? null : Number(values['max-warnings']);
  if (maxWarnings !== null && (!Number.isInteger(maxWarnings) || maxWarnings < 0)) {
    throw new UsageError(`--max-warnings expects a non-negative integer, got '${values['max-warnings'] ?? ''}'`);
  }
  if (values.fix && values['fix-dry-run']) throw new UsageError('--fix and --fix-dry-run exclude each other');
  const ruleSeverities = new Map<string, SeveritySetting>(values.rule.map((value) => parseRuleFlag(value, rules)));

  if (values['print-config'] !== undefined) {
    io.stdout(printConfig(values['print-config'], values.config, io.cwd, ruleSeverities));
    return EXIT_OK;
  }

  const stdinFilename = values['stdin-filename'];
  if (values.stdin && stdinFilename === undefined) throw new UsageError('--stdin needs --stdin-filename PATH: the file the text is, which decides how it is read and its project');
  if (!values.stdin && stdinFilename !== undefined) throw new UsageError('--stdin-filename names the file read with --stdin; add --stdin');
  const stdin = stdinFilename === undefined ? undefined : { filename: stdinFilename, content: await readStreamBounded(io.stdin ?? [], LINTED_FILE_LIMIT) };

  linted = true;
  const result = await lint({
    paths: positionals,
    ...(stdin === undefined ? {} : { stdin }),
    ...(values['changed-since'] === undefined ? {} : { changedSince: values['changed-since'] }),
    cwd: io.cwd,
    ...(values.config === undefined ? {} : { configFile: values.config }),
    ruleSeverities,
    fix: values.fix,
    fixDryRun: values['fix-dry-run'],
    reportUnusedDisableDirectives: values['report-unused-disable-directives'],
  });
  const findings = values.quiet ? result.findings.filter((finding) => finding.severity === 'error') : result.findings;
  const explained = values.explain ? result.projects.map((project) => explainProject(project, io.cwd)) : undefined;
  // With --fix-dry-run stdout holds the diff alone, so that it can be piped to `git apply`.
  const printReport = values['fix-dry-run'] ? io.stderr : io.stdout;
  if (values['fix-dry-run']) io.stdout((await import('./report/fix-diff.js')).formatFixDiff(result.plannedFixes, { cwd: io.cwd }));
  const color = values['output-file'] === undefined && colorEnabled(values, io);
  const report = await reporter(findings, { cwd: io.cwd, color, explained });
  if (values['output-file'] === undefined) printReport(report);
  else writeReport(path.resolve(io.cwd, values['output-file']), report);
  if (format === 'stylish' && result.fixedFiles.length > 0) io.stderr(fixedNote(result, io.cwd));
  for (const skip of result.fixesSkipped) io.stderr(`Not fixed: ${shownPath(skip.file, io.cwd)}: ${skip.reason}\n`);
  if (values.timing) io.stderr(formatTiming(new Map([[STARTUP_TIMING, startup], ...result.timings])));
  return exitCode(findings, maxWarnings, io);
}

function exitCode(findings: readonly Finding[], maxWarnings: number | null, io: Io): number {
  if (findings.some((finding) => finding.severity === 'error')) return EXIT_FINDINGS;
  const warnings = findings.filter((finding) => finding.severity === 'warning').length;
  if (maxWarnings !== null && warnings > maxWarnings) {
    // Warnings alone fail the run only through --max-warnings: say so, or exit code 1 looks unexplained.
    io.stderr(`dockerlint: ${counted(warnings, 'warning')} (max ${String(maxWarnings)}): --max-warnings fails the run\n`);
    return EXIT_FINDINGS;
  }
  return EXIT_OK;
}


/** Writes the report, making its folder as ESLint does; a file that cannot be written is a usage error. */
function writeReport(file: string, report: string): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, report);
  } catch (error) {
    throw new UsageError(`cannot write the report to ${file} (${errorCode(error)})`);
  }
}

function fixedNote(result: LintResult, cwd: string): string {
  const files = result.fixedFiles.map((file) => shownPath(file, cwd));
  return `Fixed ${counted(files.length, 'file')}: ${files.join(', ')}\n`;
}

/** The rules as a table with headers, each with its docs page on the line below. */
export function listRules(): string {
  const idWidth = Math.max('Rule'.length, ...rules.map((rule) => rule.id.length));
  const row = (id: string, severity: string, fixable: string, description: string): string =>
    `${id.padEnd(idWidth)}  ${severity.padEnd(7)}  ${fixable.padEnd(7)}  ${description}`.trimEnd();
  const lines = [row('Rule', 'Default', 'Fixable', 'What it checks')];
  for (const rule of rules) {
    lines.push(row(rule.id, rule.defaultSeverity, rule.fixable ? 'yes' : '', rule.description), `${' '.repeat(idWidth + 2)}docs: ${ruleDocsUrl(rule.id)}`);
  }
  return `${lines.join('\n')}\n`;
}

function printConfig(file: string, configFile: string | undefined, cwd: string, ruleSeverities: ReadonlyMap<string, SeveritySetting>): string {
  const absolute = path.resolve(cwd, file);
  const dir = path.dirname(absolute);
  const gitRoot = findGitRoot(dir);
  const configPath = configFile === undefined ? findConfigFile(dir, gitRoot) : path.resolve(cwd, configFile);
  const root = configFile === undefined && configPath !== null ? path.dirname(configPath) : (gitRoot ?? dir);
  const config = loadConfig(configPath, rules, ruleSeverities, root);
  const relative = shownPath(absolute, root);
  const effective = Object.fromEntries(
    rules.map((rule) => {
      const { severity, options } = ruleConfigFor(config, rule, relative);
      return [rule.id, Object.keys(options).length > 0 ? [severity, options] : severity];
    }),
  );
  const output = {
    file: relative,
    configFile: configPath === null ? null : shownPath(configPath, cwd),
    rules: effective,
    ignorePatterns: config.ignorePatterns,
    noInlineConfig: config.noInlineConfig,
    ...config.settings,
  };
  return `${JSON.stringify(output, null, 2)}\n`;
}
