/**
 * `dockerlint doctor`: checks this machine (not the files) and prints a checklist with the fix for
 * each failure. Exit codes: 0 every required check passed, 1 a required check failed, 2 usage error.
 */
import { formatNames, reporterFor, type FormatRegistry } from '../report/formats.js';
import { colorEnabled, EXIT_FINDINGS, EXIT_OK, parseCommandLine, REPORT_OPTIONS, type Io } from '../terminal.js';
import { diagnose, formatDoctorJson, formatDoctorStylish, type DoctorReport } from './index.js';
import { probeMachine } from './probe.js';
import { readProjectFacts } from './project.js';

const DOCTOR_FORMATS = {
  stylish: (report, { color }) => formatDoctorStylish(report, { color }),
  json: (report) => formatDoctorJson(report),
} as const satisfies FormatRegistry<DoctorReport, { color: boolean }>;

const DOCTOR_HELP = `Usage: dockerlint doctor [options]

Checks this machine, not the files, for the project in the current directory: the Docker daemon and
its version, whether BuildKit builds (daemon default, DOCKER_BUILDKIT and COMPOSE_DOCKER_CLI_BUILD,
and which shell profile to set them in), the buildx plugin, Compose v2 (2.17 or later when the project
uses additional_contexts with service:), the NVIDIA runtime when a service needs a GPU, and WSL with
the project on a Windows drive. Prints a checklist with the exact fix for each failure.

Options:
  -f, --format NAME   Output format: ${formatNames(DOCTOR_FORMATS)} (default: stylish)
      --no-color      Never colour the output (NO_COLOR and FORCE_COLOR are honoured)
  -h, --help          Print this help

Exit codes: 0 every required check passed, 1 a required check failed, 2 usage error.
`;

export async function runDoctorCommand(argv: readonly string[], io: Io): Promise<number> {
  const parsed = parseCommandLine({ args: [...argv], options: REPORT_OPTIONS, allowPositionals: false, strict: true }, 'dockerlint doctor');
  const { values } = parsed;
  if (values.help) {
    io.stdout(DOCTOR_HELP);
    return EXIT_OK;
  }
  const reporter = reporterFor(DOCTOR_FORMATS, values.format);
  const [machine, project] = await Promise.all([probeMachine(io.env), readProjectFacts(io.cwd)]);
  const report = diagnose(io.env, machine, project);
  io.stdout(await reporter(report, { color: colorEnabled(values, io) }));
  return report.ok ? EXIT_OK : EXIT_FINDINGS;
}
