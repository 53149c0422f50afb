/**
 * Reads a Dockerfile once into the `DockerfileDoc` model, in the steps BuildKit takes: scan (where each
 * instruction is, its flags and heredocs), validate (what BuildKit refuses), instructions (typed, with
 * stages and global ARGs), and the embedded shell of RUN, CMD and ENTRYPOINT.
 */
import type { SourceFile } from '../../source.js';
import type { Version } from '../docker-version.js';
import { substituteArgs } from '../image-ref.js';
import type { DockerfileDoc, Instruction, KeyValue, Stage } from '../model.js';
import { buildInstruction, inheritedPosixShell, shellIsPosix } from './instructions.js';
import type { StageContext } from './instructions.js';
import { scanDockerfile } from './scan.js';
import type { ShellParser } from './shell.js';
import { validateInstruction } from './validate.js';

export type { ShellParser } from './shell.js';

/** How much of the file is checked for NUL bytes and undecodable UTF-8. */
const BINARY_SNIFF_LENGTH = 8 * 1024;

export interface DockerfileOptions {
  /** The Docker Engine that builds (its built-in frontend reads files without `# syntax=`); `null`: a current one. */
  engine?: Version | null;
}

export function parseDockerfile(source: SourceFile, parseShell: ShellParser | null, options: DockerfileOptions = {}): DockerfileDoc {
  const head = source.text.slice(0, BINARY_SNIFF_LENGTH);
  if (head.includes('\u0000') || head.includes('\uFFFD')) return emptyDocument(source, 'not a text file (NUL bytes or invalid UTF-8); it was not parsed');
  try {
    return readDockerfile(source, parseShell, options.engine ?? null);
  } catch (error) {
    // The steps are written not to throw; this keeps one bad file from stopping a whole lint run.
    const message = error instanceof Error ? error.message : String(error);
    return emptyDocument(source, `internal error while parsing this Dockerfile: ${message}`);
  }
}

function readDockerfile(source: SourceFile, parseShell: ShellParser | null, engine: Version | null): DockerfileDoc {
  const scan = scanDockerfile(source, engine);
  const globalArgs: KeyValue[] = [];
  const globalArgValues = new Map<string, string | null>();
  const stages: Stage[] = [];
  const namedStages = new Map<string, StageContext>();
  const instructions: Instruction[] = [];
  let current: StageContext | null = null;

  for (const item of scan.instructions) {
    const validated = validateInstruction(scan, item, current === null);
    if (validated === null) continue;
    const stageIndex = validated.keyword === 'FROM' ? stages.length : (current?.index ?? -1);
    const instruction = buildInstruction(scan, item, validated, { stageIndex, stage: current, globalArgValues, namedStages, parseShell });
    instructions.push(instruction);
    if (instruction.keyword === 'FROM') {
      current = { index: stages.length, name: instruction.stageName, posixShell: inheritedPosixShell(instruction, namedStages) };
      // A name used twice refers to the later stage from then on, as in BuildKit.
      if (instruction.stageName !== null) namedStages.set(instruction.stageName, current);
      stages.push({ index: current.index, name: instruction.stageName, from: instruction, instructions: [] });
      continue;
    }
    stages[stageIndex]?.instructions.push(instruction);
    if (current === null && instruction.keyword === 'ARG') {
      for (const property of instruction.properties) {
        globalArgs.push(property);
        globalArgValues.set(property.name, property.value === null ? null : substituteArgs(property.value, globalArgValues).text);
      }
    }
    if (current !== null && instruction.keyword === 'SHELL') current.posixShell = shellIsPosix(item);
  }
  if (stages.length === 0) scan.problems.add(0, 0, 'no FROM instruction: Docker cannot build this file');

  return { kind: 'dockerfile', source, comments: scan.comments, instructions, globalArgs, stages, problems: scan.problems.sorted() };
}

function emptyDocument(source: SourceFile, message: string): DockerfileDoc {
  return { kind: 'dockerfile', source, comments: [], instructions: [], globalArgs: [], stages: [], problems: [{ location: source.location(0, 0), message }] };
}
