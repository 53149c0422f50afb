/** What every sub-command of the CLI shares: its input/output, colour choice, exit codes and option parsing. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './lint.js';
import { closest } from './text.js';

/** The process as the CLI sees it, so tests can run commands in-process. */
export interface Io {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
  /** What `--stdin` reads; nothing when absent. */
  stdin?: AsyncIterable<Buffer | string> | Iterable<Buffer | string>;
}

/** The options of every command that prints a report: its format, its colours, and help. */
export const REPORT_OPTIONS = {
  format: { type: 'string', short: 'f', default: 'stylish' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options'];

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

/** `--no-color` / `--color`, then `NO_COLOR` and `FORCE_COLOR`, then whether stdout is a terminal. */
export function colorEnabled(values: { color?: boolean | undefined; 'no-color': boolean }, io: Io): boolean {
  if (values['no-color']) return false;
  if (values.color === true) return true;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined) return io.env.FORCE_COLOR !== '0' && io.env.FORCE_COLOR !== 'false';
  return io.isTTY;
}

/**
 * Node's `parseArgs` for a (sub-)command, its errors turned into one line of ours: an unknown option names
 * the closest known one (`unknown option '--fromat'; did you mean '--format'?`).
 */
export function parseCommandLine<T extends ParseArgsConfig>(config: T, command: string): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError(commandLineProblem(error, config.options ?? {}, command));
  }
}

function commandLineProblem(error: unknown, options: object, command: string): string {
  const { code, message } = error as { code?: string; message?: string };
  // `Option '-f, --format <value>' argument missing`: the long name when there is one.
  const written = /'(?:-\w, )?(-[^' ]*)/.exec(message ?? '')?.[1] ?? '';
  const usage = `run '${command} --help' for the options`;
  const names = Object.entries(options as Record<string, { short?: string }>).flatMap(([name, option]) => [`--${name}`, ...(option.short ? [`-${option.short}`] : [])]);
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const suggestion = written.startsWith('--') ? closest(written, names.filter((name) => name.startsWith('--'))) : null;
      return `unknown option '${written}'; ${suggestion === null ? usage : `did you mean '${suggestion}'?`}`;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return (message ?? '').includes('argument missing') ? `option '${written}' needs a value; ${usage}` : `option '${written}' takes no value; ${usage}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument '${/'([^']*)'/.exec(message ?? '')?.[1] ?? ''}'; ${usage}`;
    default:
      return `${(message ?? String(error)).split('\n')[0] ?? ''}; ${usage}`;
  }
}
