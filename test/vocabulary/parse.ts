/** Parses Dockerfile text with the real shell parser, for vocabulary tests on real RUN lines. */
import { parseDockerfile } from '../../src/project/dockerfile/index.js';
import type { CommandInstruction, DockerfileDoc, RunInstruction, ShellScript } from '../../src/project/model.js';
import { parseShell } from '../../src/project/shell.js';
import { SourceFile } from '../../src/source.js';
import { instructionScript } from '../../src/vocabulary/commands.js';

export function dockerfile(text: string): DockerfileDoc {
  const source = new SourceFile('Dockerfile', text);
  return parseDockerfile(source, (shellText, offset) => parseShell(shellText, source, offset));
}

/** The instruction after `FROM base` (a RUN, CMD or ENTRYPOINT line, possibly continued). */
export function instruction(line: string): RunInstruction | CommandInstruction {
  const [, second] = dockerfile(`FROM base\n${line}\n`).instructions;
  if (second === undefined || !('exec' in second)) throw new Error(`no RUN/CMD/ENTRYPOINT in ${line}`);
  return second;
}

/** The script a RUN/CMD/ENTRYPOINT line runs (exec form included). */
export function script(line: string): ShellScript {
  const parsed = instructionScript(instruction(line));
  if (parsed === null) throw new Error(`no script for ${line}`);
  return parsed;
}
