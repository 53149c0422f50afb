import { Type } from '@sinclair/typebox';
import { dockerignoreFor, excludesEverywhere } from '../project/dockerignore.js';
import type { DockerignoreDoc, Project } from '../project/model.js';
import { defineRule, type Report } from '../rule.js';
import type { Location } from '../source.js';
import { leavesDirectory } from '../paths.js';
import { mandatoryIgnoresFor } from '../vocabulary/manifests.js';
import { pathsUnder } from '../paths.js';
import { START_OF_FILE } from '../source.js';

interface BuildContext {
  /** Repo-relative directory (`''` for the root). */
  dir: string;
  /** The ignore file Docker would use, if any. */
  dockerignore: DockerignoreDoc | null;
  /** Where to report a missing ignore file: the compose `context` value or the Dockerfile. */
  origin: Location;
}

/** `node_modules` → `**\/node_modules`: the form Docker matches at any depth. */
export function anyDepthPattern(entry: string): string {
  const clean = entry.replace(/\/+$/, '').replace(/^\/+/, '');
  return clean.startsWith('**/') ? clean : `**/${clean}`;
}

/**
 * Every build context: those of compose services, and the directory of every Dockerfile (where a plain
 * `docker build <dir>` would take its context from, and where the service's context belongs).
 */
function buildContexts(project: Project): BuildContext[] {
  const contexts = new Map<string, BuildContext>();
  for (const resolved of project.services) {
    const { contextDir } = resolved;
    const build = resolved.service.build;
    if (build === null || contextDir === null || leavesDirectory(contextDir) || !project.exists(contextDir)) continue;
    // The loader already found the ignore file Docker uses for this build (resolved.dockerignore).
    if (!contexts.has(contextDir)) contexts.set(contextDir, { dir: contextDir, dockerignore: resolved.dockerignore, origin: build.context.location });
  }
  for (const dockerfile of project.dockerfiles) {
    const path = dockerfile.source.path;
    const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
    if (contexts.has(dir)) continue;
    const first = dockerfile.stages[0]?.from.range ?? START_OF_FILE;
    contexts.set(dir, { dir, dockerignore: findDoc(project, dockerignoreFor(path, dir, project.exists)), origin: { file: path, range: first } });
  }
  return [...contexts.values()];
}

function findDoc(project: Project, path: string | null): DockerignoreDoc | null {
  if (path === null) return null;
  const doc = project.document(path);
  return doc?.kind === 'dockerignore' ? doc : null;
}

export default defineRule({
  id: 'dockerignore-required',
  description: 'Every build context has a .dockerignore that excludes the mandatory paths at any depth, as Docker matches them',
  kind: 'policy',
  documents: ['dockerignore', 'compose', 'dockerfile'],
  defaultSeverity: 'error',
  fixable: true,
  options: Type.Object({}, { additionalProperties: false }),
  messages: {
    missingFile: {
      message: 'Build context \'{{context}}\' has no .dockerignore: all of it goes to the builder.',
      help: 'Create \'{{file}}\' excluding {{entries}} (`--fix` writes it).',
    },
    missingEntries: {
      message: 'Not excluded at every depth: {{entries}}.',
      help: 'Add {{patterns}} to {{file}}: without \'**/\' a pattern matches only at the context root (Docker still sends {{examples}}).',
    },
  },
  check(project) {
    const reports: Report[] = [];
    // Every path of the project, sorted, once: each context's files are then one binary search away.
    let allPaths: readonly string[] | null = null;
    const filesOf = (dir: string): string[] => pathsUnder((allPaths ??= project.filesUnder('')), dir);
    for (const context of buildContexts(project)) {
      const mandatory = project.settings.mandatoryIgnores ?? mandatoryIgnoresFor(filesOf(context.dir));
      const file = `${context.dir === '' ? '' : `${context.dir}/`}.dockerignore`;
      if (context.dockerignore === null) {
        reports.push({
          messageId: 'missingFile',
          data: { context: context.dir === '' ? '.' : context.dir, file, entries: mandatory.join(', ') },
          location: context.origin,
          fix: { kind: 'create', file, text: `${mandatory.map(anyDepthPattern).join('\n')}\n` },
        });
        continue;
      }
      const doc = context.dockerignore;
      const missing = mandatory.flatMap((entry) => {
        const { excluded, counterexample } = excludesEverywhere(doc.matcher, entry);
        return excluded ? [] : [{ entry, counterexample }];
      });
      if (missing.length === 0) continue;
      const text = doc.source.text;
      const separator = text === '' || text.endsWith('\n') ? '' : '\n';
      reports.push({
        messageId: 'missingEntries',
        data: {
          file: doc.source.path,
          entries: missing.map(({ entry }) => entry).join(', '),
          examples: missing.map(({ counterexample }) => counterexample ?? '').filter((example) => example !== '').join(', '),
          patterns: missing.map(({ entry }) => anyDepthPattern(entry)).join(', '),
        },
        location: { file: doc.source.path, range: START_OF_FILE },
        fix: {
          kind: 'edit',
          file: doc.source.path,
          edits: [{ start: text.length, end: text.length, text: `${separator}${missing.map(({ entry }) => anyDepthPattern(entry)).join('\n')}\n` }],
        },
      });
    }
    return reports;
  },
});
