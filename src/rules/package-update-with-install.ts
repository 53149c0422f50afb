import type { ShellCommand, Stage } from '../project/model.js';
import { defineRule, type Report } from '../engine/rule.js';
import { packageCommand } from '../vocabulary/commands.js';
import { dockerfileRuns, type RunScript } from '../vocabulary/runs.js';
import { sameFileAncestors } from '../vocabulary/stages.js';

type Family = 'apt' | 'apk';

const FAMILY = new Map<string, Family>([['apt-get', 'apt'], ['apt', 'apt'], ['aptitude', 'apt'], ['apk', 'apk']]);

/** Sub-commands that read the package index `update` downloads. */
const USES_INDEX: Record<Family, readonly string[]> = {
  apt: ['install', 'reinstall', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep', 'source', 'download'],
  apk: ['add', 'upgrade', 'fix'],
};

interface IndexUse {
  family: Family;
  command: ShellCommand;
  manager: string;
  subcommand: string;
  /** `update`, or an install that fetches a fresh index itself (`apk add --no-cache`, `apk add -U`). */
  refreshes: boolean;
  /** It leaves the index in the image for later RUNs (not `apk add --no-cache`). */
  leavesIndex: boolean;
  installs: boolean;
}

function indexUse(command: ShellCommand): IndexUse | null {
  const packages = packageCommand(command);
  const family = packages === null ? undefined : FAMILY.get(packages.manager);
  const subcommand = packages?.subcommand?.value;
  if (packages === null || family === undefined || subcommand == null) return null;
  const { flags } = packages.args;
  const installs = USES_INDEX[family].includes(subcommand);
  const fetchesIndex = family === 'apk' && installs && ['no-cache', 'update-cache', 'U', 'update'].some((flag) => flags.has(flag));
  if (subcommand !== 'update' && !installs) return null;
  const refreshes = subcommand === 'update' || fetchesIndex;
  return { family, command, manager: packages.manager, subcommand, refreshes, leavesIndex: refreshes && !flags.has('no-cache'), installs };
}

const usesOf = (run: RunScript): IndexUse[] => run.script.commands.flatMap((command) => indexUse(command) ?? []);

export default defineRule({
  id: 'package-update-with-install',
  description: 'apt-get update (apk update) runs in the same RUN as the install that needs it, so a cached update never feeds a new install',
  kind: 'general',
  documents: ['dockerfile'],
  defaultSeverity: 'warning',
  messages: {
    updateAlone: {
      message: '`{{manager}} update` in a RUN that installs nothing: the layer cache keeps its index forever.',
      help: 'Run it in the RUN that installs: `{{manager}} update && {{manager}} {{install}} …`.',
    },
    installWithoutUpdate: {
      message: '`{{manager}} {{subcommand}}` uses the package index of an earlier RUN, which the layer cache may keep stale.',
      help: 'Start this RUN with `{{manager}} update &&`.',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const dockerfile of project.dockerfiles) {
      const runs = dockerfileRuns(dockerfile).map((run) => ({ stage: run.stage, uses: usesOf(run) }));
      // The families each stage updates anywhere: a stage built FROM it starts with that index.
      const updatedIn = new Map<Stage, Set<Family>>();
      for (const run of runs) {
        const updated = updatedIn.get(run.stage) ?? new Set<Family>();
        updatedIn.set(run.stage, updated);
        for (const use of run.uses) if (use.leavesIndex) updated.add(use.family);
      }
      const updatedEarlier = new Map<Stage, Set<Family>>();
      for (const { stage, uses } of runs) {
        let earlier = updatedEarlier.get(stage);
        if (earlier === undefined) {
          earlier = new Set(sameFileAncestors(project, dockerfile, stage).flatMap((ancestor) => [...(updatedIn.get(ancestor) ?? [])]));
          updatedEarlier.set(stage, earlier);
        }
        const refreshedHere = new Set<Family>();
        const leftHere = new Set<Family>();
        for (const use of uses) {
          if (use.refreshes && !use.installs && !uses.some((other) => other.family === use.family && other.installs)) {
            reports.push({
              messageId: 'updateAlone',
              data: { manager: use.manager, install: use.family === 'apk' ? 'add' : 'install' },
              location: { file: dockerfile.source.path, range: use.command.range },
            });
          }
          if (use.leavesIndex) leftHere.add(use.family);
          if (use.refreshes) {
            refreshedHere.add(use.family);
          } else if (use.installs && !refreshedHere.has(use.family) && earlier.has(use.family)) {
            reports.push({
              messageId: 'installWithoutUpdate',
              data: { manager: use.manager, subcommand: use.subcommand },
              location: { file: dockerfile.source.path, range: use.command.range },
            });
          }
        }
        for (const family of leftHere) earlier.add(family);
      }
    }
    return reports;
  },
});
