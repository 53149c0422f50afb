import type { Flag } from '../project/model.js';
import { defineRule, type Report } from '../engine/rule.js';
import { parseArgs } from '../project/command.js';
import { packageCommand } from '../vocabulary/commands.js';
import { dockerfileRuns } from '../vocabulary/runs.js';
import { shippedStages } from '../vocabulary/shipped.js';

const LISTS = '/var/lib/apt/lists';
const APT = new Set(['apt-get', 'apt', 'aptitude']);

/** `/var/lib/apt/lists/*`, `/var/lib/apt/`, `/var/lib/apt/lists` → does it take the whole lists directory? */
function covers(path: string): boolean {
  const dir = path.replace(/\/\*$/, '').replace(/\/+$/, '');
  return dir !== '' && (LISTS === dir || LISTS.startsWith(`${dir}/`));
}

/** A cache or tmpfs mount at the lists or a parent keeps them out of the layer. */
const keepsListsOut = (flag: Flag): boolean =>
  flag.name === 'mount' && (flag.options.type === 'cache' || flag.options.type === 'tmpfs') && flag.options.target !== undefined && covers(flag.options.target);

export default defineRule({
  id: 'apt-lists-removed',
  description: 'A RUN of a stage that ships removes the package lists apt-get update downloads, or keeps them in a cache mount',
  kind: 'general',
  equivalents: { hadolint: ['DL3009'] },
  documents: ['dockerfile'],
  defaultSeverity: 'warning',
  messages: {
    listsLeftInLayer: {
      message: '`{{manager}} update` leaves its package lists in this layer, and this stage ships in an image.',
      help: 'Keep them out with `--mount=type=cache,target=/var/lib/apt,sharing=locked` on this RUN, or end it with `&& rm -rf /var/lib/apt/lists/*`.',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const dockerfile of project.dockerfiles) {
      const shipped = shippedStages(project, dockerfile);
      for (const { stage, instruction, script } of dockerfileRuns(dockerfile)) {
        if (!shipped.has(stage) || instruction.flags.some(keepsListsOut)) continue;
        const updateIndex = script.commands.findIndex((command) => {
          const apt = packageCommand(command);
          return apt !== null && APT.has(apt.manager) && apt.subcommand?.value === 'update';
        });
        const update = script.commands[updateIndex];
        if (update === undefined) continue;
        const removed = script.commands.slice(updateIndex + 1).some((command) => {
          if (command.program === 'rm') return parseArgs(command).positionals.some((word) => word.value !== null && covers(word.value));
          const apt = packageCommand(command);
          // apt 2.7's `dist-clean` removes the lists too.
          return apt !== null && APT.has(apt.manager) && (apt.subcommand?.value === 'dist-clean' || apt.subcommand?.value === 'distclean');
        });
        if (removed) continue;
        reports.push({
          messageId: 'listsLeftInLayer',
          data: { manager: packageCommand(update)?.manager ?? 'apt-get' },
          location: { file: dockerfile.source.path, range: update.range },
        });
      }
    }
    return reports;
  },
});
