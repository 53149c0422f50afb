import { parseGoBool } from '../text.js';
import { Type } from '@sinclair/typebox';
import { defineRule, type Fix, type Report } from '../engine/rule.js';
import type { Location, SourceFile } from '../source.js';

/** The variables that choose the builder; Docker and Compose read them with Go's `strconv.ParseBool`. */
const VARIABLES = new Map([
  ['DOCKER_BUILDKIT', 'dockerBuildkitOff'],
  ['COMPOSE_DOCKER_CLI_BUILD', 'composeCliBuildOff'],
]);

const MAKEFILE_NAME = /(?:^|\/)(?:[Mm]akefile|GNUmakefile|[^/]+\.mk)$/;
/** A make variable assignment: `[export|override] NAME = value`, with `=`, `:=`, `::=`, `:::=` or `?=`. */
const MAKE_ASSIGNMENT = /^[ \t]*(?:(?:export|override)[ \t]+)*([A-Za-z_][A-Za-z0-9_]*)[ \t]*(?::{1,3}=|\?=|=)[ \t]*([^#\r\n]*?)[ \t]*(?:#.*)?$/;
/** A `NAME=value` word in a recipe line (recipes are shell). */
const RECIPE_WORD = /(?<![\w$])([A-Za-z_][A-Za-z0-9_]*)=("[^"\s]*"|'[^'\s]*'|[^\s;&|)]*)/g;
/**
 * What may come before an assignment in a recipe: the start of the recipe (with `@`, `-`, `+`), a
 * command separator, `export`/`env`/`sudo`, and other assignments (`A=1 DOCKER_BUILDKIT=0 docker …`).
 * Not `echo DOCKER_BUILDKIT=0`, where it is an argument.
 */
const RECIPE_ASSIGNMENT_PREFIX = /(?:^\t[@+-]*|[;&|(]|(?:^|[\s;&|(])(?:export|env|sudo))[ \t]*(?:[A-Za-z_][A-Za-z0-9_]*=\S*[ \t]+)*$/;

interface Found {
  name: string;
  value: string;
  location: Location;
  /** The value as written, when a fix may replace it. */
  fix: Fix | null;
}

/** Replaces the written value (quotes included) with `1`, when it is written plainly or simply quoted. */
function valueFix(source: SourceFile, location: Location, value: string): Fix | null {
  const start = source.offsetAt(location.range.start);
  const end = source.offsetAt(location.range.end);
  const written = source.text.slice(start, end);
  if (written !== value && written !== `"${value}"` && written !== `'${value}'`) return null;
  return { kind: 'edit', file: source.path, edits: [{ start, end, text: '1' }] };
}

function makefileFindings(source: SourceFile): Found[] {
  const found: Found[] = [];
  let lineStart = 0;
  for (const line of source.text.split('\n')) {
    const candidates: { name: string; written: string; at: number }[] = [];
    if (line.startsWith('\t')) {
      // Recipe lines are shell.
      for (const match of line.matchAll(RECIPE_WORD)) {
        const [whole, name = '', written = ''] = match;
        if (RECIPE_ASSIGNMENT_PREFIX.test(line.slice(0, match.index))) candidates.push({ name, written, at: match.index + whole.length - written.length });
      }
    } else {
      const match = MAKE_ASSIGNMENT.exec(line);
      const [, name = '', written = ''] = match ?? [];
      if (match !== null && written !== '') candidates.push({ name, written, at: line.lastIndexOf(written) });
    }
    for (const { name, written, at } of candidates) {
      const value = written.replace(/^(["'])(.*)\1$/, '$2');
      if (!VARIABLES.has(name) || parseGoBool(value) !== false) continue;
      const location = source.location(lineStart + at, lineStart + at + written.length);
      found.push({ name, value, location, fix: valueFix(source, location, value) });
    }
    lineStart += line.length + 1;
  }
  return found;
}

export default defineRule({
  id: 'legacy-builder',
  description: 'No script, Makefile or env file turns BuildKit off (DOCKER_BUILDKIT=0, COMPOSE_DOCKER_CLI_BUILD=0)',
  kind: 'policy',
  documents: ['script', 'env'],
  defaultSeverity: 'warning',
  fixable: true,
  options: Type.Object({}, { additionalProperties: false }),
  messages: {
    dockerBuildkitOff: {
      message: 'DOCKER_BUILDKIT={{value}} turns BuildKit off: no cache mounts, stages built one by one.',
      help: 'Set it to 1, or remove it (BuildKit is the default since Docker 23).',
    },
    composeCliBuildOff: {
      message: 'COMPOSE_DOCKER_CLI_BUILD={{value}} makes docker-compose v1 build without BuildKit.',
      help: 'Set it to 1, or remove it (only docker-compose v1 reads it).',
    },
  },
  check(project) {
    const found: Found[] = [];
    for (const script of project.scripts) {
      for (const assignment of script.shell.assignments) {
        const { name, value } = assignment;
        if (value === null || !VARIABLES.has(name) || parseGoBool(value) !== false) continue;
        const location = { file: script.source.path, range: assignment.valueRange };
        found.push({ name, value, location, fix: valueFix(script.source, location, value) });
      }
    }
    for (const env of project.envFiles) {
      for (const entry of env.entries) {
        if (entry.value === null || !VARIABLES.has(entry.name) || parseGoBool(entry.value) !== false) continue;
        found.push({ name: entry.name, value: entry.value, location: entry.valueLocation, fix: valueFix(env.source, entry.valueLocation, entry.value) });
      }
    }
    for (const [path, source] of project.otherFiles) {
      if (MAKEFILE_NAME.test(path)) found.push(...makefileFindings(source));
    }
    return found.map(({ name, value, location, fix }): Report => ({
      messageId: VARIABLES.get(name) ?? 'dockerBuildkitOff',
      data: { value },
      location,
      ...(fix === null ? {} : { fix }),
    }));
  },
});
