import { Type } from '@sinclair/typebox';
import { isInstruction, type DockerfileDoc, type Stage } from '../project/model.js';
import { defineRule, type Report } from '../engine/rule.js';
import type { Location } from '../source.js';
import { listing } from '../text.js';
import { dependencyInstall, installedBuildTools, instructionScript, isBuildToolRun, removedPackages } from '../vocabulary/commands.js';
import { imageTraits } from '../vocabulary/images.js';
import { globMatcher } from '../globs.js';
import { describeChain, excerpt, inheritanceNotes, runtimeStages, stageChain, where } from '../vocabulary/stages.js';

/** A build tool in the image and where it came from. */
interface Tool {
  link: number;
  location: Location | null;
  /** `installs`, `runs` (a compiler run proves it is there), or `carries` (upstream image). */
  how: 'installs' | 'runs' | 'carries';
  /** apk `--virtual` group the package was installed in. */
  group: string | null;
}

/** `gcc=12.2.0-14` → `gcc`: a package name without its version pin. */
const withoutVersion = (name: string): string => name.replace(/(?<=.)[=<>~!@].*$/, '');

/** The build tools of a sequence of stages, applied one RUN at a time: installs add, removals take away. */
class ToolSet {
  readonly tools = new Map<string, Tool>();
  /** Every package a RUN of the applied stages removes, as written. */
  readonly removed = new Set<string>();

  constructor(private readonly allowed: readonly string[]) {}

  applyStage(dockerfile: DockerfileDoc, stage: Stage, link: number, countRuns: boolean): void {
    for (const instruction of stage.instructions) {
      if (!isInstruction(instruction, 'RUN')) continue;
      const script = instructionScript(instruction);
      for (const command of script?.commands ?? []) {
        const location = { file: dockerfile.source.path, range: command.range };
        const removedAsWritten = removedPackages(command);
        for (const name of removedAsWritten) this.removed.add(name);
        const removed = new Set(removedAsWritten.map(withoutVersion));
        for (const [name, tool] of this.tools) {
          if (removed.has(name) || (tool.group !== null && removed.has(tool.group))) this.tools.delete(name);
        }
        const install = script === null ? null : dependencyInstall(command, script);
        for (const name of install === null ? [] : installedBuildTools(install)) {
          if (globMatcher(this.allowed)(name)) continue;
          this.tools.set(withoutVersion(name), { link, location, how: 'installs', group: install?.group ?? null });
        }
        if (countRuns && isBuildToolRun(command) && command.program !== null && !this.tools.has(command.program)) {
          this.tools.set(command.program, { link, location, how: 'runs', group: null });
        }
      }
    }
  }
}

export default defineRule({
  id: 'runtime-no-build-tools',
  description: 'The runtime stage of a service neither installs nor inherits compilers, toolchains or -dev headers',
  kind: 'policy',
  documents: ['dockerfile'],
  defaultSeverity: 'error',
  options: Type.Object(
    {
      allowedPackages: Type.Array(Type.String({ minLength: 1 }), {
        default: [],
        description: 'Package-name globs that are not reported even though they look like build tools (e.g. a `-dev` package the app loads at run time)',
      }),
    },
    { additionalProperties: false },
  ),
  messages: {
    installsBuildTools: {
      message: 'The runtime stage installs build tools ({{tools}}). It runs `{{command}}`.',
      help: 'Compile in the build stage and COPY --from=build only the result, or remove the tools in the same RUN.',
    },
    inheritsBuildTools: {
      message: 'The runtime stage carries compilers and headers it never uses. Inherited: {{chain}}.',
      help: 'Build it on a base without compilers (a slim, CUDA `-runtime` or distroless image, or a runtime base of this repo) and COPY --from=build what the app needs.',
    },
  },
  check(project, options) {
    const reports: Report[] = [];
    for (const { dockerfile, stage } of runtimeStages(project)) {
      const links = stageChain(project, dockerfile, stage);
      const inherited = new ToolSet(options.allowedPackages);
      const root = links.at(-1);
      if (root?.source.kind === 'external' && imageTraits(root.source.ref, project.settings.knownImages)?.buildTools === true) {
        inherited.tools.set(`image:${root.label}`, { link: links.length - 1, location: null, how: 'carries', group: null });
      }
      for (let index = links.length - 1; index >= 0; index--) {
        const link = links[index];
        if (link?.stage != null && link.dockerfile !== null) inherited.applyStage(link.dockerfile, link.stage, index, true);
      }

      // The stage's own installs, minus what it removes again; its removals also apply to inherited tools.
      const own = new ToolSet(options.allowedPackages);
      own.applyStage(dockerfile, stage, -1, false);
      for (const [name, tool] of inherited.tools) {
        if (own.removed.has(name) || (tool.group !== null && own.removed.has(tool.group))) inherited.tools.delete(name);
      }

      const byCommand = new Map<string, { location: Location; tools: string[] }>();
      for (const [name, tool] of own.tools) {
        if (tool.location === null) continue;
        const key = `${where(tool.location)}:${tool.location.range.start.column}`;
        const entry = byCommand.get(key) ?? { location: tool.location, tools: [] };
        entry.tools.push(name);
        byCommand.set(key, entry);
      }
      for (const { location, tools } of byCommand.values()) {
        reports.push({
          messageId: 'installsBuildTools',
          data: { tools: listing(tools), command: excerpt(dockerfile, location.range) },
          location,
        });
      }

      if (inherited.tools.size === 0) continue;
      const { notes, related } = inheritanceNotes(inherited.tools, () => 'carries compilers and headers');
      reports.push({
        messageId: 'inheritsBuildTools',
        data: { chain: describeChain('runtime stage', links, notes) },
        location: { file: dockerfile.source.path, range: stage.from.range },
        ...(related.length > 0 ? { related } : {}),
      });
    }
    return reports;
  },
});
