/** The CLI run in-process, its output captured: the tests' one way to ask what a user would see. */
import { main } from '../../src/cli.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(cwd: string, argv: string[], env: NodeJS.ProcessEnv = {}, isTTY = false, stdin: (string | Buffer)[] = []): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { cwd, env, isTTY, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), stdin });
  return { code, stdout, stderr };
}

/** The report in one format, for the project in `cwd` (or the `paths` given). */
export async function reportOf(cwd: string, format: string, paths: string[] = []): Promise<string> {
  return (await runCli(cwd, ['--format', format, ...paths])).stdout;
}

/** A finding as `--format json` writes it (docs/json-format.md). */
export interface JsonFinding {
  rule: string;
  severity: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  help: string;
  docsUrl: string;
  related: { file: string; line: number; column: number; message: string }[];
}
