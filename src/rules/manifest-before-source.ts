import { isInstruction, type BuildContext, type CopyInstruction, type DockerfileDoc, type Flag, type Instruction, type RunInstruction } from '../project/model.js';
import { defineRule, type RelatedLocation, type Report } from '../engine/rule.js';
import type { Location } from '../source.js';
import { installArguments, installsOf, type DependencyInstall } from '../vocabulary/commands.js';
import { copiesOnlyManifests, filesCopied, isManifest, isRemoteSource } from '../vocabulary/manifests.js';
import { commandExcerpt, excerpt, sameFileAncestors } from '../vocabulary/stages.js';

/** Something that brings build-context files into a stage: a COPY/ADD, or a RUN's bind mount. */
interface SourceInput {
  instruction: CopyInstruction | RunInstruction;
  location: Location;
  /** `COPY . /app`, or the mount flag as written. */
  text: string;
  /** A copied file that is not a manifest, when the context's files are known. */
  example: string | null;
  kind: 'copy' | 'mount';
}

interface Install {
  install: DependencyInstall;
  location: Location;
  /** The install command as written (exec form: its words). */
  text: string;
}

/** The manifests to copy first, by package manager (pip's `-r` files are used when given). */
const MANIFESTS_BY_MANAGER: Record<string, string> = {
  npm: 'package.json package-lock.json',
  yarn: 'package.json yarn.lock',
  pnpm: 'package.json pnpm-lock.yaml',
  bun: 'package.json bun.lock',
  pip: 'requirements.txt',
  uv: 'pyproject.toml uv.lock',
  poetry: 'pyproject.toml poetry.lock',
  pipenv: 'Pipfile Pipfile.lock',
  conda: 'environment.yml',
  mamba: 'environment.yml',
  micromamba: 'environment.yml',
  gem: 'Gemfile Gemfile.lock',
  bundle: 'Gemfile Gemfile.lock',
  composer: 'composer.json composer.lock',
  go: 'go.mod go.sum',
  cargo: 'Cargo.toml Cargo.lock',
};

/** How to fix it for this install: copy its manifests first, or (OS packages) install before copying. */
function fixFor(install: DependencyInstall): string {
  if (install.ecosystem === 'os') return 'Run the OS package install before copying the source';
  const requirementFiles =
    install.manager === 'pip' || install.manager === 'uv'
      ? [...installArguments(install).flags].flatMap(([flag, value]) =>
          (flag === 'r' || flag === 'requirement') && typeof value === 'string' && !isRemoteSource(value) ? [value] : [],
        )
      : [];
  const manifests = requirementFiles.length > 0 ? requirementFiles.join(' ') : (MANIFESTS_BY_MANAGER[install.manager] ?? 'the dependency manifests');
  return `Copy only the manifests first (COPY ${manifests} ./), install, then copy the source`;
}

/** Build files are in the context too, but make a poor example of source. */
const BUILD_FILE = /(?:^|\/)(?:\.dockerignore|[^/]*Dockerfile[^/]*|docker-compose[^/]*|compose\.ya?ml)$/;

/** Hidden files and directories (`.git`, `.env`) make a poor example of source too. */
const HIDDEN = /(?:^|\/)\./;

/** A copied file that is not a manifest (source rather than build or hidden files when there is a choice), for the message. */
function nonManifestExample(source: string, contexts: readonly (BuildContext | null)[], manifests: readonly string[], excludes: readonly string[] = []): string | null {
  for (const context of contexts) {
    const copied = filesCopied(source, context, excludes).filter((file) => !isManifest(file, manifests));
    const example = copied.find((file) => !BUILD_FILE.test(file) && !HIDDEN.test(file)) ?? copied.find((file) => !BUILD_FILE.test(file)) ?? copied[0];
    if (example !== undefined) return example;
  }
  return null;
}

function bindMountSources(run: RunInstruction): { flag: Flag; source: string }[] {
  return run.flags.flatMap((flag) => {
    if (flag.name !== 'mount' || flag.options.type !== 'bind' || flag.options.from !== undefined) return [];
    return [{ flag, source: flag.options.source ?? '.' }];
  });
}

function sourceInputsOf(
  dockerfile: DockerfileDoc,
  instruction: Instruction,
  contexts: readonly (BuildContext | null)[],
  manifests: readonly string[],
): SourceInput[] {
  const notOnlyManifests = (source: string, excludes: readonly string[] = []): boolean =>
    contexts.some((context) => !copiesOnlyManifests(source, context, manifests, excludes));
  if (isInstruction(instruction, 'COPY', 'ADD')) {
    if (instruction.from !== null) return [];
    const excludes = instruction.flags.flatMap((flag) => (flag.name === 'exclude' && flag.value !== null ? [flag.value] : []));
    const offending = instruction.sources.filter((source) => !isRemoteSource(source.value) && notOnlyManifests(source.value, excludes));
    const first = offending[0];
    if (first === undefined) return [];
    return [
      {
        instruction,
        location: { file: dockerfile.source.path, range: instruction.range },
        text: excerpt(dockerfile, instruction.range),
        example: nonManifestExample(first.value, contexts, manifests, excludes),
        kind: 'copy',
      },
    ];
  }
  if (isInstruction(instruction, 'RUN')) {
    return bindMountSources(instruction)
      .filter(({ source }) => notOnlyManifests(source))
      .map(({ flag, source }) => ({
        instruction,
        location: { file: dockerfile.source.path, range: flag.range },
        text: excerpt(dockerfile, flag.range),
        example: nonManifestExample(source, contexts, manifests),
        kind: 'mount',
      }));
  }
  return [];
}

const related = (install: Install): RelatedLocation => ({ location: install.location, message: `the install it invalidates: ${install.text}` });

export default defineRule({
  id: 'manifest-before-source',
  description: 'A dependency install sees only dependency manifests from the build context, so source changes never rerun it',
  kind: 'policy',
  documents: ['dockerfile'],
  defaultSeverity: 'error',
  messages: {
    sourceBeforeInstall: {
      message: 'Source files are copied before the dependency install at line {{line}}: every edit reruns it. `{{instruction}}` copies more than manifests{{example}}.',
      help: '{{fix}}.',
    },
    sourceMountedBeforeInstall: {
      message: 'A bind mount brings source files in before the install at line {{line}}: every edit reruns it. `{{mount}}` mounts more than manifests{{example}}.',
      help: 'Mount or copy only the manifests, and copy the source after the install.',
    },
  },
  check(project) {
    const manifests = project.settings.manifests;
    const reports: Report[] = [];
    for (const dockerfile of project.dockerfiles) {
      const built = project.contextsOf(dockerfile);
      // Contexts that cannot be seen (remote, outside the project): sources are judged by their names.
      const contexts = built.length > 0 ? built : [null];
      const inputsCache = new Map<Instruction, SourceInput[]>();
      const inputsOf = (instruction: Instruction): SourceInput[] => {
        let inputs = inputsCache.get(instruction);
        if (inputs === undefined) {
          inputs = sourceInputsOf(dockerfile, instruction, contexts, manifests);
          inputsCache.set(instruction, inputs);
        }
        return inputs;
      };
      // Each source input, with the installs it invalidates, in file order: one finding per input, at the
      // line to change, its installs as related locations (not a second finding at the install's end).
      const invalidated = new Map<SourceInput, Install[]>();
      for (const stage of dockerfile.stages) {
        const ancestors = sameFileAncestors(project, dockerfile, stage);
        const inherited = ancestors.flatMap((ancestor) => ancestor.instructions.flatMap(inputsOf));
        const inStage: SourceInput[] = [];
        for (const instruction of stage.instructions) {
          const inputs = inputsOf(instruction);
          if (isInstruction(instruction, 'RUN')) {
            for (const install of installsOf(instruction)) {
              const found: Install = {
                install,
                location: { file: dockerfile.source.path, range: install.command.range },
                text: commandExcerpt(dockerfile, instruction, install.command),
              };
              for (const input of [...inherited, ...inStage, ...inputs]) {
                const installs = invalidated.get(input);
                if (installs === undefined) invalidated.set(input, [found]);
                else installs.push(found);
              }
            }
          }
          inStage.push(...inputs);
        }
      }
      for (const [input, installs] of invalidated) {
        const first = installs[0];
        if (first === undefined) continue;
        const example = input.example === null ? '' : ` (${input.example}, for one)`;
        const common = { install: first.text, line: first.location.range.start.line, example };
        reports.push({
          messageId: input.kind === 'copy' ? 'sourceBeforeInstall' : 'sourceMountedBeforeInstall',
          data: input.kind === 'copy' ? { ...common, instruction: input.text, fix: fixFor(first.install) } : { ...common, mount: input.text },
          location: input.location,
          related: installs.map(related),
        });
      }
    }
    return reports;
  },
});
