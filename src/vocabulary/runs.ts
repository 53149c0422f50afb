/**
 * The RUN instructions of a project with the commands they run, and the shell they run in: the walk the
 * general shell and package rules share.
 */
import { isInstruction, type DockerfileDoc, type Instruction, type Project, type RunInstruction, type ShellScript, type ShellWord, type Stage } from '../project/model.js';
import type { Fix } from '../engine/rule.js';
import { instructionScript } from './commands.js';
import { inheritedInstructions } from './stages.js';

export interface RunScript {
  dockerfile: DockerfileDoc;
  stage: Stage;
  instruction: RunInstruction;
  /** Shell form, heredoc scripts and `sh -c` strings parsed; exec form as one command. */
  script: ShellScript;
}

/** Every RUN of one Dockerfile whose commands can be read (not those of a non-POSIX shell), in file order. */
export function dockerfileRuns(dockerfile: DockerfileDoc): readonly RunScript[] {
  // A dozen rules walk the RUNs of every Dockerfile: the list is made once per document.
  let runs = runsByDockerfile.get(dockerfile);
  if (runs === undefined) {
    runs = dockerfile.stages.flatMap((stage) =>
      stage.instructions.filter((instruction) => isInstruction(instruction, 'RUN')).flatMap((instruction) => {
        const script = instructionScript(instruction);
        return script === null ? [] : [{ dockerfile, stage, instruction, script }];
      }),
    );
    runsByDockerfile.set(dockerfile, runs);
  }
  return runs;
}

const runsByDockerfile = new WeakMap<DockerfileDoc, readonly RunScript[]>();

/** Every readable RUN of the project's Dockerfiles. */
export function projectRuns(project: Project): readonly RunScript[] {
  return project.dockerfiles.flatMap(dockerfileRuns);
}

/** A shell script of the project: a RUN's commands, or a shell script file (`run` is then `null`). */
export interface ProjectShellScript {
  file: string;
  script: ShellScript;
  run: RunScript | null;
}

/** Every readable RUN, then every shell script file: the places a shell-mistake rule reads. */
export function projectShellScripts(project: Project): ProjectShellScript[] {
  return [
    ...projectRuns(project).map((run) => ({ file: run.dockerfile.source.path, script: run.script, run })),
    ...project.scripts.map((doc) => ({ file: doc.source.path, script: doc.shell, run: null })),
  ];
}

/**
 * The `SHELL` argv a RUN at `before` runs with: the last `SHELL` of its stage before it, else of the
 * stages and local base images it derives from (Docker keeps SHELL in the image); `null` for the
 * default (`/bin/sh -c`), also when only an upstream image could have changed it.
 */
export function shellAt(project: Project, dockerfile: DockerfileDoc, stage: Stage, before: Instruction | null): string[] | null {
  for (const { instructions } of inheritedInstructions(project, dockerfile, stage, before)) {
    const shell = instructions.findLast((instruction) => instruction.keyword === 'SHELL');
    if (shell !== undefined) return shell.args.map((word) => word.value);
  }
  return null;
}

/**
 * A fix inserting `text` right after a word of a RUN, when the word is written in the file exactly as
 * its value (not inside an escaped `sh -c` string, where its range is the whole string).
 */
export function insertAfterWord(dockerfile: DockerfileDoc, word: ShellWord, text: string): Fix | undefined {
  const { source } = dockerfile;
  const start = source.offsetAt(word.range.start);
  const end = source.offsetAt(word.range.end);
  if (word.value === null || source.text.slice(start, end) !== word.value) return undefined;
  return { kind: 'edit', file: source.path, edits: [{ start: end, end, text }] };
}
