/** What every sub-command of the CLI shares: its input/output, colour choice and exit codes. */

/** The process as the CLI sees it, so tests can run commands in-process. */
export interface Io {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
}

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
