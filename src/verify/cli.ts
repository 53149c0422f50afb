/**
 * `dockerlint verify [options] [paths...]`: parses the sub-command's arguments, runs `verify`, prints
 * progress to stderr and the report to stdout. Exit codes: 0 every build passed, 1 some build failed
 * or could not be verified, 2 Docker/BuildKit unavailable or a usage error, 130 interrupted.
 */
import type { ParseArgsConfig } from 'node:util';
import { UsageError } from '../lint.js';
import { colorEnabled, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, parseCommandLine, REPORT_OPTIONS, type Io } from '../terminal.js';
import { DockerUnavailableError } from '../docker/client.js';
import { listing } from '../text.js';
import { PROBES, type ProbeName } from './probes.js';
import { formatNames, reporterFor, type FormatRegistry } from '../report/formats.js';
import { formatSeconds, formatVerifyJson, formatVerifyStylish } from './report.js';
import { verify, type VerifyEvent, type VerifyPhase, type VerifyResult } from './verify.js';

const VERIFY_FORMATS = {
  stylish: (result, { cwd, color }) => formatVerifyStylish(result, { cwd, color }),
  json: (result) => formatVerifyJson(result),
} as const satisfies FormatRegistry<VerifyResult, { cwd: string; color: boolean }>;

export const VERIFY_HELP = `Usage: dockerlint verify [options] [paths...]

Proves the build-caching policy with a real BuildKit: for each compose service with a build (or each
Dockerfile given), builds it, then runs each probe on a private copy of the build context:
  source-edit     editing an application file leaves every dependency install CACHED
  manifest-edit   a neutral edit of each dependency manifest re-runs the install
  unrelated-edit  files the ignore file must exclude (and one outside the context) change nothing
  isolation       another service's source edit leaves this build fully CACHED
  budget          the rebuild after the source edit takes at most --budget seconds
  base-reuse      each local base image is built at most once and reused by every build on it
Your files are never changed. Paths may be project directories, compose files or Dockerfiles.

Options:
  -s, --service NAME      Verify this compose service; repeatable (default: every service with a build
                          whose Dockerfile is not a base image's)
  -f, --format NAME       Output format: ${formatNames(VERIFY_FORMATS)} (default: stylish)
  -c, --config FILE       Use this config file instead of the nearest .dockerlintrc.json
      --network MODE      Network for RUN steps (docker build --network), e.g. host
      --edit FILE         Edit this application file instead of the one verify chooses
      --probe NAME        Run this probe; repeatable (default: all)
      --budget SECONDS    Time the rebuild after the source edit may take (default: 30)
      --no-build-bases    Do not build missing local base images; report which to build instead
      --verbose           Stream BuildKit's output to stderr
      --no-color          Never colour the output
  -h, --help              Print this help

Docker: uses the first docker client that can build with BuildKit (set DOCKERLINT_DOCKER to choose one),
with DOCKER_BUILDKIT=1 and --progress=plain. Images it tags for the check are removed afterwards; build
cache is kept. Missing local base images are built and kept, as your build script would.

Exit codes: 0 every build passed, 1 a build failed the check or could not be verified,
2 Docker/BuildKit is not available or a usage error, 130 interrupted.
`;

const OPTIONS = {
  ...REPORT_OPTIONS,
  service: { type: 'string', short: 's', multiple: true, default: [] },
  config: { type: 'string', short: 'c' },
  network: { type: 'string' },
  edit: { type: 'string' },
  probe: { type: 'string', multiple: true, default: [] },
  budget: { type: 'string' },
  'no-build-bases': { type: 'boolean', default: false },
  verbose: { type: 'boolean', default: false },
} as const satisfies ParseArgsConfig['options'];


export const EXIT_INTERRUPTED = 130;

export async function runVerifyCommand(argv: readonly string[], io: Io): Promise<number> {
  const parsed = parseCommandLine({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true }, 'dockerlint verify');
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(VERIFY_HELP);
    return EXIT_OK;
  }
  const reporter = reporterFor(VERIFY_FORMATS, values.format);
  if (values.network === '') throw new UsageError('--network expects a mode, e.g. host');
  const unknownProbes = values.probe.filter((name) => !(PROBES as readonly string[]).includes(name));
  if (unknownProbes.length > 0) throw new UsageError(`unknown probe ${listing(unknownProbes.map((name) => `'${name}'`))}; expected one of ${PROBES.join(', ')}`);
  const budget = values.budget === undefined ? undefined : Number(values.budget);
  if (budget !== undefined && !(Number.isFinite(budget) && budget > 0)) throw new UsageError(`--budget expects a number of seconds, e.g. 30; got '${values.budget ?? ''}'`);

  const controller = new AbortController();
  const interrupt = (): void => {
    controller.abort();
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    const result = await verify({
      paths: positionals,
      cwd: io.cwd,
      ...(values.config === undefined ? {} : { configFile: values.config }),
      services: values.service,
      buildBases: !values['no-build-bases'],
      network: values.network ?? null,
      ...(values.edit === undefined ? {} : { edit: values.edit }),
      probes: values.probe as ProbeName[],
      ...(budget === undefined ? {} : { budget }),
      env: io.env,
      signal: controller.signal,
      onProgress: progressPrinter(io, values.verbose),
    });
    io.stdout(await reporter(result, { cwd: io.cwd, color: colorEnabled(values, io) }));
    return result.ok ? EXIT_OK : EXIT_FINDINGS;
  } catch (error) {
    if (error instanceof DockerUnavailableError) {
      const lines = error.problems.map((entry) => `  ${entry.client === null ? '' : `${entry.client}: `}${entry.problem}\n    fix: ${entry.fix}`);
      io.stderr(`dockerlint verify: Docker with BuildKit is not available, so nothing was built.\n${lines.join('\n')}\n`);
      return EXIT_ERROR;
    }
    if (controller.signal.aborted) {
      io.stderr('dockerlint verify: interrupted; temporary files and images removed.\n');
      return EXIT_INTERRUPTED;
    }
    throw error;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}

/** Progress on stderr: one line per build, or BuildKit's own output with `--verbose`. */
function progressPrinter(io: Io, verbose: boolean): (event: VerifyEvent) => void {
  return (event) => {
    switch (event.kind) {
      case 'start':
        io.stderr(`[${event.position}/${event.count}] ${event.name}\n`);
        break;
      case 'build':
        io.stderr(`  ${phaseText(event.phase, event.image)}…${verbose ? '\n' : ' '}`);
        break;
      case 'built':
        io.stderr(`${verbose ? `  ${phaseText(event.phase, event.image)}: ` : ''}${event.ok ? 'done' : 'failed'} in ${formatSeconds(event.seconds)}\n`);
        break;
      case 'output':
        if (verbose) io.stderr(event.text);
        break;
      case 'done':
        break;
    }
  };
}

const PHASE_TEXT: Record<VerifyPhase, string> = {
  base: 'building the missing base image',
  warm: 'build before any change',
  edited: 'rebuild after the source edit',
  manifest: 'rebuild after a manifest edit',
  unrelated: 'rebuild after unrelated changes',
  isolation: "rebuild after another service's edit",
};

function phaseText(phase: VerifyPhase, image: string | null): string {
  return phase === 'base' ? `${PHASE_TEXT.base} ${image ?? ''}` : PHASE_TEXT[phase];
}

