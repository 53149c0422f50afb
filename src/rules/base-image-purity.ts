import { Type } from '@sinclair/typebox';
import { contextCopies, contextSource } from '../project/build-context.js';
import type { BuildContext, CopyInstruction, DockerfileDoc, Instruction, Word } from '../project/model.js';
import { defineRule, type Report } from '../engine/rule.js';
import { listingAtMost } from '../text.js';
import { isManifest } from '../vocabulary/manifests.js';
import { isGlobMatch } from '../globs.js';

/** Instructions that describe how a service runs; a base image that sets them decides for every service. */
const SERVICE_INSTRUCTIONS = new Set(['CMD', 'ENTRYPOINT', 'EXPOSE', 'HEALTHCHECK']);
/** Offending files named in a message; the rest are counted. */
const SHOWN_FILES = 3;

/** Package-manager configuration and tool-version pins: inputs of the install, not application code. */
export const DEFAULT_ALLOWED_FILES = [
  '.yarnrc',
  '.yarn/releases/**',
  '.yarn/plugins/**',
  '.yarn/patches/**',
  '.pnpmfile.cjs',
  'bun.lock',
  'bun.lockb',
  'bunfig.toml',
  'pip.conf',
  'uv.toml',
  '.condarc',
  '.python-version',
  '.nvmrc',
  '.node-version',
  '.tool-versions',
];

/** Docker's own files of a context: listed last, as they are the least telling examples. */
function isDockerFile(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return /^(?:Dockerfile|Containerfile)(?:\..*)?$/.test(name) || name.endsWith('.dockerignore');
}

interface Judge {
  allowed(path: string): boolean;
}

/** The files a source copies that are neither manifests nor allowed; `[]` when it is pure. */
function offendingFiles(judge: Judge, context: BuildContext | null, source: string): string[] {
  // Without a known context (a remote one), the source is judged by what it is called.
  if (context === null) return source === '' ? ['.'] : judge.allowed(source) ? [] : [source];
  // A path missing from the checkout is judged by its name; a wildcard that matches nothing copies nothing.
  if (context.resolve(source).length === 0) return /[*?[]/.test(source) || judge.allowed(source) ? [] : [source];
  const copied = context.copiedBy(source);
  return copied.filter((path) => !judge.allowed(path)).sort((a, b) => Number(isDockerFile(a)) - Number(isDockerFile(b)));
}


function checkCopy(
  dockerfile: DockerfileDoc,
  contexts: readonly BuildContext[],
  copy: CopyInstruction,
  judge: Judge,
): Report[] {
  const reports: Report[] = [];
  const report = (source: Word, files: readonly string[]): void => {
    reports.push({
      messageId: 'contextCopy',
      data: { instruction: copy.keyword, source: source.value, files: listingAtMost(files, SHOWN_FILES) },
      location: { file: dockerfile.source.path, range: source.range },
    });
  };
  for (const source of copy.sources) {
    const path = contextSource(copy, source);
    if (path === null) continue;
    if (contexts.length === 0) {
      const files = offendingFiles(judge, null, path);
      if (files.length > 0) report(source, files);
      continue;
    }
    // The first context (of those that build this Dockerfile) that lets application files through.
    for (const context of contexts) {
      const files = offendingFiles(judge, context, path);
      if (files.length > 0) {
        report(source, files);
        break;
      }
    }
  }
  return reports;
}

function isServiceInstruction(instruction: Instruction): boolean {
  if (!SERVICE_INSTRUCTIONS.has(instruction.keyword)) return false;
  // `HEALTHCHECK NONE` switches off an inherited check: a base image may well need that.
  return !(instruction.keyword === 'HEALTHCHECK' && instruction.args[0]?.value.toUpperCase() === 'NONE');
}

export default defineRule({
  id: 'base-image-purity',
  description: 'Base Dockerfiles copy only dependency manifests from the build context and set no CMD, ENTRYPOINT, EXPOSE or HEALTHCHECK',
  kind: 'policy',
  documents: ['dockerfile'],
  defaultSeverity: 'error',
  options: Type.Object(
    {
      allowedFiles: Type.Array(Type.String({ minLength: 1 }), {
        default: DEFAULT_ALLOWED_FILES,
        description:
          'Globs of context files a base image may copy besides the manifests (a glob without "/" matches the file name, one with "/" the context-relative path)',
      }),
      serviceInstructions: Type.Boolean({
        default: true,
        description: 'Report CMD, ENTRYPOINT, EXPOSE and HEALTHCHECK in base Dockerfiles',
      }),
    },
    { additionalProperties: false },
  ),
  messages: {
    contextCopy: {
      message: 'Base image {{instruction}} \'{{source}}\' copies files that are not manifests. They include {{files}}.',
      help: 'Copy only the manifests the install needs (or list such files in the option allowedFiles), and copy the source in each service\'s build stage.',
    },
    serviceInstruction: {
      message: '{{instruction}} in a base image decides how every service built on it runs.',
      help: 'Remove it here, and set it in the runtime stages of the service Dockerfiles.',
    },
  },
  check(project, options) {
    const manifests = project.settings.manifests;
    // micromatch's own `basename` option fails patterns that contain a slash, so the two kinds are split.
    const pathGlobs = options.allowedFiles.filter((glob) => glob.includes('/'));
    const nameGlobs = options.allowedFiles.filter((glob) => !glob.includes('/'));
    const judge: Judge = {
      allowed: (path) =>
        isManifest(path, manifests) ||
        isGlobMatch(path, pathGlobs) ||
        isGlobMatch(path.slice(path.lastIndexOf('/') + 1), nameGlobs),
    };
    const reports: Report[] = [];
    for (const dockerfile of project.dockerfiles) {
      if (project.graph.role(dockerfile) !== 'base') continue;
      const contexts = project.contextsOf(dockerfile);
      for (const copy of contextCopies(dockerfile)) reports.push(...checkCopy(dockerfile, contexts, copy, judge));
      if (!options.serviceInstructions) continue;
      for (const instruction of dockerfile.instructions) {
        if (!isServiceInstruction(instruction)) continue;
        reports.push({
          messageId: 'serviceInstruction',
          data: { instruction: instruction.keyword },
          severity: 'warning',
          location: { file: dockerfile.source.path, range: instruction.range },
        });
      }
    }
    return reports;
  },
});
