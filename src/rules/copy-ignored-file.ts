import { contextCopies, contextPath, contextSource } from '../project/build-context.js';
import type { BuildContext, DockerfileDoc, DockerignorePattern, Project } from '../project/model.js';
import { defineRule, type Report } from '../engine/rule.js';
import type { Location } from '../source.js';
import { listingAtMost } from '../text.js';

/** Patterns named in one message. */
const SHOWN_PATTERNS = 3;

/** A context source to judge: what names it, and where. */
interface ContextSource {
  /** Context-relative path or wildcard pattern (`''` for the context root). */
  path: string;
  /** As written. */
  written: string;
  instruction: string;
  location: Location;
}

/** COPY/ADD sources and `RUN --mount=type=bind,source=…` (without `from`) of a Dockerfile. */
function contextSources(dockerfile: DockerfileDoc): ContextSource[] {
  const file = dockerfile.source.path;
  const sources: ContextSource[] = [];
  for (const copy of contextCopies(dockerfile)) {
    for (const source of copy.sources) {
      const path = contextSource(copy, source);
      if (path !== null) sources.push({ path, written: source.value, instruction: copy.keyword, location: { file, range: source.range } });
    }
  }
  for (const instruction of dockerfile.instructions) {
    if (instruction.keyword !== 'RUN') continue;
    for (const flag of instruction.flags) {
      const { options } = flag;
      const source = options.source;
      if (flag.name !== 'mount' || options.type !== 'bind' || options.from !== undefined || source === undefined || source.includes('$')) continue;
      sources.push({ path: contextPath(source), written: source, instruction: 'RUN --mount', location: { file, range: flag.range } });
    }
  }
  return sources;
}

/** Characters that make a `.dockerignore` pattern segment more than a literal name (Docker 20.10 reads some as regexp syntax). */
const PATTERN_SYNTAX = /[*?[\]\\+(){}|^$]/;

/**
 * Could a `!` exception re-include something at or below `path`? Patterns are anchored at the context
 * root, so one whose literal leading segments lead elsewhere cannot; one that starts with a wildcard
 * (`!**\/keep`, `!*.md`) might.
 */
function mayReinclude(exception: DockerignorePattern, path: string): boolean {
  const body = contextPath(exception.text.slice(1).trim());
  const literal: string[] = [];
  for (const segment of body.split('/')) {
    if (PATTERN_SYNTAX.test(segment)) break;
    literal.push(segment);
  }
  const prefix = literal.join('/');
  return prefix === '' || prefix === path || prefix.startsWith(`${path}/`) || path.startsWith(`${prefix}/`) || path === '';
}

/**
 * The patterns that exclude everything a source names, in file order; `null` when something of it
 * reaches the builder (or nothing of it exists to judge). An excluded entry is blamed on the pattern
 * that excludes it; its files are only visited when an exception might re-include one of them.
 */
function excludingPatterns(context: BuildContext, source: string): DockerignorePattern[] | null {
  const ignoreFile = context.dockerignore;
  if (ignoreFile === null) return null;
  const { matcher } = ignoreFile;
  const exceptions = ignoreFile.patterns.filter((pattern) => pattern.negated && pattern.invalid === null);
  const entries = context.resolve(source);
  // A path missing from the checkout (generated, or below a directory the walk skips) is judged by its name.
  const candidates = entries.length > 0 ? entries : /[*?[]/.test(source) ? [] : [source];
  if (candidates.length === 0) return null;
  const patterns = new Set<DockerignorePattern>();
  for (const entry of candidates) {
    const deciding = entry === '' ? null : matcher.decidingPattern(entry);
    if (deciding?.negated === true) return null;
    const walk = deciding === null || exceptions.some((exception) => mayReinclude(exception, entry));
    if (walk) {
      for (const leaf of context.walkLeaves(entry)) {
        const leafPattern = matcher.decidingPattern(leaf);
        if (leafPattern === null || leafPattern.negated) return null;
        if (deciding === null) patterns.add(leafPattern);
      }
    }
    if (deciding !== null) patterns.add(deciding);
  }
  if (patterns.size === 0) return null;
  const order = ignoreFile.patterns;
  return [...patterns].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

export default defineRule({
  id: 'copy-ignored-file',
  description: 'COPY/ADD sources (and bind mounts) from the build context that the context\'s .dockerignore excludes completely',
  kind: 'policy',
  equivalents: { buildkit: ['CopyIgnoredFile'] },
  documents: ['dockerfile'],
  defaultSeverity: 'error',
  messages: {
    excluded: {
      message: '{{instruction}} source \'{{source}}\' never reaches the builder: the .dockerignore excludes it. Pattern: \'{{pattern}}\' in {{ignoreFile}}.',
      help: 'Stop copying it (mount data at run time instead), or re-include what the image needs with a \'!\' line after that pattern.',
    },
    excludedByPatterns: {
      message: '{{instruction}} source \'{{source}}\' never reaches the builder: the .dockerignore excludes all of it. Ignore file: {{ignoreFile}}.',
      help: 'Stop copying it (mount data at run time instead), or re-include what the image needs with \'!\' lines after {{patterns}}.',
    },
  },
  check(project: Project) {
    const reports: Report[] = [];
    for (const dockerfile of project.dockerfiles) {
      const sources = contextSources(dockerfile);
      if (sources.length === 0) continue;
      const reported = new Set<string>();
      for (const context of project.contextsOf(dockerfile)) {
        const ignoreFile = context.dockerignore;
        if (ignoreFile === null) continue;
        for (const source of sources) {
          const patterns = excludingPatterns(context, source.path);
          const key = `${ignoreFile.source.path}\0${source.location.range.start.line}:${source.location.range.start.column}`;
          if (patterns === null || patterns.length === 0 || reported.has(key)) continue;
          reported.add(key);
          const common = { instruction: source.instruction, source: source.written, ignoreFile: ignoreFile.source.path };
          reports.push({
            ...(patterns.length === 1
              ? { messageId: 'excluded', data: { ...common, pattern: patterns[0]?.text ?? '' } }
              : { messageId: 'excludedByPatterns', data: { ...common, patterns: listingAtMost(patterns.map((pattern) => `'${pattern.text}'`), SHOWN_PATTERNS) } }),
            location: source.location,
            related: patterns.map((pattern) => ({ location: pattern.location, message: `'${pattern.text}' excludes it` })),
          });
        }
      }
    }
    return reports;
  },
});
