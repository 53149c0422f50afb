import { Type } from '@sinclair/typebox';
import { isInstruction, type CommandInstruction, type DockerfileDoc, type Instruction, type Stage } from '../project/model.js';
import { defineRule, type Report } from '../engine/rule.js';
import type { Location } from '../source.js';
import { listing } from '../text.js';
import {
  instructionScript,
  packageManagerInvocation,
  packageManagersProvidedBy,
  removedPackageManagers,
} from '../vocabulary/commands.js';
import { imageTraits } from '../vocabulary/images.js';
import { commandExcerpt, describeChain, inheritanceNotes, runtimeStages, stageChain, where, type ChainLink } from '../vocabulary/stages.js';

/** Where a package manager in the runtime stage comes from: an upstream image, or a RUN along the chain. */
interface Origin {
  link: number;
  location: Location | null;
}

/** How to delete a package manager in the runtime stage, for the message. */
const REMOVAL: Record<string, string> = {
  npm: '/usr/local/lib/node_modules/npm /usr/local/bin/npm',
  npx: '/usr/local/bin/npx',
  corepack: '/usr/local/lib/node_modules/corepack /usr/local/bin/corepack',
  yarn: '/opt/yarn-* /usr/local/bin/yarn /usr/local/bin/yarnpkg',
  pnpm: '/usr/local/bin/pnpm',
  apt: '/usr/bin/apt /usr/bin/apt-get',
  apk: '/sbin/apk',
  dnf: '/usr/bin/dnf',
  yum: '/usr/bin/yum',
  microdnf: '/usr/bin/microdnf',
};

function removalHint(managers: readonly string[]): string {
  const paths = managers.flatMap((manager) => (REMOVAL[manager] === undefined ? [] : [REMOVAL[manager]]));
  const hints = paths.length > 0 ? [`RUN rm -rf ${paths.join(' ')}`] : [];
  if (managers.includes('pip')) hints.push('RUN python -m pip uninstall --yes pip');
  return hints.length > 0 ? hints.map((hint) => `\`${hint}\``).join(' and ') : 'delete their programs';
}

const NODE_MANAGERS = new Set(['npm', 'npx', 'yarn', 'pnpm', 'corepack', 'bun']);
const PYTHON_MANAGERS = new Set(['pip', 'pipenv', 'poetry', 'uv', 'conda', 'mamba', 'micromamba', 'pipx']);

function directStart(manager: string): string {
  if (NODE_MANAGERS.has(manager)) return 'CMD ["node", "dist/server.js"]';
  if (PYTHON_MANAGERS.has(manager)) return 'CMD ["python", "-m", "app"]';
  return 'the program itself in exec form';
}

interface StartCommand {
  instruction: CommandInstruction;
  dockerfile: DockerfileDoc;
}

const lastOf = (instructions: readonly Instruction[], keyword: 'CMD' | 'ENTRYPOINT'): CommandInstruction | undefined =>
  instructions.findLast((instruction): instruction is CommandInstruction => isInstruction(instruction, keyword));

/**
 * The CMD and ENTRYPOINT the runtime stage starts with, its own or inherited from the stages and local
 * images it derives from. A nearer ENTRYPOINT resets an inherited CMD, as Docker does.
 */
function startCommands(dockerfile: DockerfileDoc, stage: Stage, links: readonly ChainLink[]): StartCommand[] {
  const levels = [{ dockerfile, instructions: stage.instructions }, ...links.flatMap((link) => (link.stage && link.dockerfile ? [{ dockerfile: link.dockerfile, instructions: link.stage.instructions }] : []))];
  let cmd: StartCommand | undefined;
  let entrypoint: StartCommand | undefined;
  for (const level of levels) {
    const ownCmd = lastOf(level.instructions, 'CMD');
    const ownEntrypoint = lastOf(level.instructions, 'ENTRYPOINT');
    if (cmd === undefined && entrypoint === undefined && ownCmd) cmd = { instruction: ownCmd, dockerfile: level.dockerfile };
    if (entrypoint === undefined && ownEntrypoint) entrypoint = { instruction: ownEntrypoint, dockerfile: level.dockerfile };
    if (cmd !== undefined && entrypoint !== undefined) break;
  }
  return [entrypoint, cmd].filter((start): start is StartCommand => start !== undefined);
}

export default defineRule({
  id: 'runtime-no-package-manager',
  description: 'The runtime stage of a service neither runs, starts through nor carries a package manager',
  kind: 'policy',
  documents: ['dockerfile'],
  defaultSeverity: 'error',
  strict: { options: { osPackageManagers: true } },
  options: Type.Object(
    {
      osPackageManagers: Type.Boolean({
        default: false,
        description: 'Also report OS package managers (apt, apk, dnf) that the runtime stage inherits from its base image',
      }),
    },
    { additionalProperties: false },
  ),
  messages: {
    runsPackageManager: {
      message: 'The runtime stage installs with {{manager}}, but a runtime stage should install nothing. It runs `{{command}}`.',
      help: 'Install in the deps stage (or in a base image of this repo), and COPY --from=… only the result.',
    },
    startsWithPackageManager: {
      message: '{{instruction}} starts the app through {{manager}} (`{{command}}`), so the image needs it.',
      help: 'Start the program directly, e.g. {{example}}: signals then reach the app.',
    },
    inheritedStartWithPackageManager: {
      message: 'The runtime stage starts through {{manager}}: it inherits `{{command}}` from {{origin}}.',
      help: 'Set its own start command that runs the program directly, e.g. {{example}}.',
    },
    inheritsPackageManager: {
      message: 'The runtime stage carries {{managers}}. Inherited: {{chain}}.',
      help: 'Build it on a runtime base without them (a slim runtime base of this repo, or distroless), or delete them in this stage: {{removal}}.',
    },
  },
  check(project, options) {
    const reports: Report[] = [];
    for (const { dockerfile, stage } of runtimeStages(project)) {
      const links = stageChain(project, dockerfile, stage);
      const file = dockerfile.source.path;

      // What the stage inherits: from the upstream root down, minus removals, plus installs.
      const present = new Map<string, Origin>();
      const root = links.at(-1);
      if (root?.source.kind === 'external') {
        const traits = imageTraits(root.source.ref, project.settings.knownImages);
        const carried = traits === null ? [] : [...traits.packageManagers, ...(options.osPackageManagers ? traits.osPackageManagers : [])];
        for (const manager of carried) present.set(manager, { link: links.length - 1, location: null });
      }
      for (let index = links.length - 1; index >= 0; index--) {
        const link = links[index];
        if (link?.stage == null || link.dockerfile === null) continue;
        for (const instruction of link.stage.instructions) {
          const script = isInstruction(instruction, 'RUN') ? instructionScript(instruction) : null;
          for (const command of script?.commands ?? []) {
            for (const manager of removedPackageManagers(command)) present.delete(manager);
            for (const manager of script === null ? [] : packageManagersProvidedBy(command, script)) {
              present.set(manager, { link: index, location: { file: link.dockerfile.source.path, range: command.range } });
            }
          }
        }
      }

      // The stage's own RUNs: removals count, any other use of a package manager is reported.
      for (const instruction of stage.instructions) {
        if (!isInstruction(instruction, 'RUN')) continue;
        const script = instructionScript(instruction);
        for (const command of script?.commands ?? []) {
          for (const manager of removedPackageManagers(command)) present.delete(manager);
          const manager = script === null ? null : packageManagerInvocation(command, script);
          if (manager === null) continue;
          reports.push({
            messageId: 'runsPackageManager',
            data: { manager, command: commandExcerpt(dockerfile, instruction, command) },
            location: { file, range: command.range },
          });
        }
      }

      for (const start of startCommands(dockerfile, stage, links)) {
        const script = instructionScript(start.instruction);
        for (const command of script?.commands ?? []) {
          const manager = script === null ? null : packageManagerInvocation(command, script);
          if (manager === null) continue;
          const data = { manager, command: commandExcerpt(start.dockerfile, start.instruction, command), example: directStart(manager) };
          const ownLocation = { file: start.dockerfile.source.path, range: command.range };
          if (start.dockerfile === dockerfile && stage.instructions.includes(start.instruction)) {
            reports.push({ messageId: 'startsWithPackageManager', data: { ...data, instruction: start.instruction.keyword }, location: ownLocation });
          } else {
            reports.push({
              messageId: 'inheritedStartWithPackageManager',
              data: { ...data, origin: `${start.instruction.keyword} at ${where(ownLocation)}` },
              location: { file, range: stage.from.range },
              related: [{ location: ownLocation, message: `the inherited ${start.instruction.keyword}` }],
            });
          }
          break;
        }
      }

      if (present.size > 0) {
        const { notes, related } = inheritanceNotes(
          [...present].map(([manager, origin]) => [manager, { ...origin, how: 'installs' }] as const),
          (managers) => `carries ${managers.join(', ')}`,
        );
        const managers = [...present.keys()];
        reports.push({
          messageId: 'inheritsPackageManager',
          data: { managers: listing(managers), chain: describeChain('runtime stage', links, notes), removal: removalHint(managers) },
          location: { file, range: stage.from.range },
          ...(related.length > 0 ? { related } : {}),
        });
      }
    }
    return reports;
  },
});
