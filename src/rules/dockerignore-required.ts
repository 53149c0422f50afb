import { excludesEverywhere } from '../project/dockerignore.js';
import type { BuildContext, Project } from '../project/model.js';
import { defineRule, type Report } from '../engine/rule.js';
import { mandatoryIgnoresFor } from '../vocabulary/manifests.js';
import { pathsUnder } from '../paths.js';
import { START_OF_FILE } from '../source.js';

/** `node_modules` → `**\/node_modules`: the form Docker matches at any depth. */
export function anyDepthPattern(entry: string): string {
  const clean = entry.replace(/\/+$/, '').replace(/^\/+/, '');
  return clean.startsWith('**/') ? clean : `**/${clean}`;
}

/**
 * The build contexts that need an ignore file, one per directory: those of compose services, and the
 * directory of every Dockerfile (where a plain `docker build <dir>` takes its context from, and where
 * a service's context belongs). A context directory that does not exist fails its build: no ignore
 * file is asked for there.
 */
function contextsByDirectory(project: Project): BuildContext[] {
  const contexts = new Map<string, BuildContext>();
  for (const context of project.contexts) {
    if (!contexts.has(context.dir) && project.exists(context.dir)) contexts.set(context.dir, context);
  }
  return [...contexts.values()];
}

export default defineRule({
  id: 'dockerignore-required',
  description: 'Every build context has a .dockerignore that excludes the mandatory paths at any depth, as Docker matches them',
  kind: 'policy',
  documents: ['dockerignore', 'compose', 'dockerfile'],
  defaultSeverity: 'error',
  fixable: true,
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
    for (const context of contextsByDirectory(project)) {
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
