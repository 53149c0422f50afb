import { isInstruction } from '../project/model.js';
import type { DockerfileDoc, Instruction, Project, Stage } from '../project/model.js';
import { defineRule, type Report } from '../engine/rule.js';
import { closest } from '../text.js';
import { stageChain } from '../vocabulary/stages.js';
import { PLATFORM_ARGS, PROXY_ARGS, variableReferences } from '../vocabulary/variables.js';
import { partRange, writtenText, writtenValue, type WrittenPart } from '../vocabulary/written.js';

/** Instructions whose words BuildKit expands itself (RUN, CMD and ENTRYPOINT leave `$X` to the shell). */
const EXPANDED = new Set(['ADD', 'COPY', 'ENV', 'LABEL', 'ARG', 'EXPOSE', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR']);
/** COPY and ADD flags whose values BuildKit expands. */
const EXPANDED_FLAGS = new Set(['chown', 'chmod']);

function expandedParts(dockerfile: DockerfileDoc, instruction: Instruction): WrittenPart[] {
  if (isInstruction(instruction, 'ARG', 'ENV', 'LABEL')) return instruction.properties.map((pair) => writtenValue(dockerfile, pair));
  const words = isInstruction(instruction, 'COPY', 'ADD') ? [...instruction.sources, ...(instruction.destination === null ? [] : [instruction.destination])] : instruction.args;
  const flags = instruction.flags.filter((flag) => EXPANDED_FLAGS.has(flag.name));
  return [...flags.map((flag) => ({ text: writtenText(dockerfile, flag.range), range: flag.range })), ...words.map((word) => ({ text: word.raw, range: word.range }))];
}

/**
 * A defined name the unknown one is likely a typo of: a few edits apart and about as long (`PAHT` for
 * `PATH`, `DIR_ASSET` for `DIR_ASSETS`), so that a longer name that merely contains a defined one
 * (`GOPATH`, `PATH`) is not taken for it.
 */
function typoOf(name: string, known: Iterable<string>): string | null {
  const candidate = closest(name, known);
  return candidate !== null && Math.abs(candidate.length - name.length) <= 1 ? candidate : null;
}

interface Scope {
  /** Names set at this point: ENV and ARG of the stage so far and of the stages it derives from. */
  known: Set<string>;
  /** Is everything the stage builds on known (scratch at the root), so that an unknown name is surely undefined? */
  complete: boolean;
}

/** The names a stage starts with: ENV of every stage and local image it builds on, ARG of its own file's stages. */
function initialScope(project: Project, dockerfile: DockerfileDoc, stage: Stage): Scope {
  const known = new Set<string>(['PATH', ...PROXY_ARGS]);
  const chain = stageChain(project, dockerfile, stage);
  for (const link of [...chain].reverse()) {
    if (link.stage === null) continue;
    // ARG values live in the build's state, so a stage of the same file passes them on; an image keeps only ENV.
    const sameBuild = link.dockerfile === dockerfile;
    for (const instruction of link.stage.instructions) {
      if (isInstruction(instruction, 'ENV') || (sameBuild && isInstruction(instruction, 'ARG'))) for (const pair of instruction.properties) known.add(pair.name);
    }
  }
  return { known, complete: chain.at(-1)?.source.kind === 'scratch' };
}

export default defineRule({
  id: 'undefined-var',
  description: 'Variables that COPY, ADD, ENV, WORKDIR, USER and other expanded instructions use are defined before their use',
  kind: 'general',
  equivalents: { buildkit: ['UndefinedVar'] },
  documents: ['dockerfile'],
  defaultSeverity: 'warning',
  messages: {
    undefined: {
      message: '{{keyword}} uses ${{name}}, which is not defined here{{suggestion}}.',
      help: '{{fix}}',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const dockerfile of project.dockerfiles) {
      const globalArgs = new Set(dockerfile.globalArgs.map((arg) => arg.name));
      for (const stage of dockerfile.stages) {
        const scope = initialScope(project, dockerfile, stage);
        const declaredInStage = new Set(stage.instructions.flatMap((instruction) => (isInstruction(instruction, 'ENV') || isInstruction(instruction, 'ARG') ? instruction.properties.map((pair) => pair.name) : [])));
        for (const instruction of stage.instructions) {
          if (!EXPANDED.has(instruction.keyword)) continue;
          const parts = expandedParts(dockerfile, instruction);
          for (const [index, part] of parts.entries()) {
            const seen = new Set<string>();
            for (const reference of variableReferences(part.text)) {
              const { name } = reference;
              // A name an earlier pair of this ENV sets is env-reference-same-instruction's finding.
              const setHere = isInstruction(instruction, 'ENV') && instruction.properties.slice(0, index).some((pair) => pair.name === name);
              if (scope.known.has(name) || seen.has(name) || setHere) continue;
              seen.add(name);
              const suggestion = typoOf(name, scope.known);
              const laterInStage = declaredInStage.has(name);
              const needsArg = globalArgs.has(name) || PLATFORM_ARGS.has(name);
              // Over an upstream image, an unknown name may be the image's own ENV: only sure mistakes are reported.
              if (!scope.complete && suggestion === null && !laterInStage && !needsArg) continue;
              const fix = needsArg
                ? `Declare \`ARG ${name}\` in this stage before using it: a ${globalArgs.has(name) ? 'global ARG' : 'predefined ARG'} is not visible in a stage until then.`
                : laterInStage
                  ? `Move the ARG or ENV that sets ${name} above this ${instruction.keyword}.`
                  : suggestion !== null
                    ? `Use $${suggestion} if that is meant, or define ${name} with ARG or ENV first.`
                    : `Define ${name} with ARG or ENV before this ${instruction.keyword}.`;
              reports.push({
                messageId: 'undefined',
                data: { keyword: instruction.keyword, name, suggestion: suggestion === null ? '' : ` (did you mean $${suggestion}?)`, fix },
                location: { file: dockerfile.source.path, range: partRange(part, reference.start, reference.end) },
              });
            }
            // ARG defines its names one by one; ENV and LABEL expand all their pairs first.
            const pair = isInstruction(instruction, 'ARG') ? instruction.properties[index] : undefined;
            if (pair !== undefined) scope.known.add(pair.name);
          }
          if (isInstruction(instruction, 'ENV') || isInstruction(instruction, 'ARG')) for (const pair of instruction.properties) scope.known.add(pair.name);
        }
      }
    }
    return reports;
  },
});
