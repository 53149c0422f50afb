import { parseGoBool } from '../text.js';
import { defineRule, type Fix, type Report } from '../engine/rule.js';
import type { Location, SourceFile } from '../source.js';
import type { MakeAssignmentOperator, MakefileDoc, ShellScript } from '../project/model.js';
import { append } from '../arrays.js';

/** The variables that choose the builder; Docker and Compose read them with Go's `strconv.ParseBool`. */
const VARIABLES = new Map([
  ['DOCKER_BUILDKIT', 'dockerBuildkitOff'],
  ['COMPOSE_DOCKER_CLI_BUILD', 'composeCliBuildOff'],
]);

/** Operators whose value is the variable's: `+=` appends to it, `!=` runs it as a command. */
const SETTING_OPERATORS = new Set<MakeAssignmentOperator>(['=', ':=', '::=', ':::=', '?=']);

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

/** Assignments of a parsed shell script (a script file's or a Makefile recipe line's) that turn BuildKit off. */
function shellFindings(shell: ShellScript, source: SourceFile): Found[] {
  const found: Found[] = [];
  for (const { name, value, valueRange } of shell.assignments) {
    if (value === null || !turnsOff(name, value)) continue;
    const location = { file: source.path, range: valueRange };
    found.push({ name, value, location, fix: valueFix(source, location, value) });
  }
  return found;
}

function makefileFindings(makefile: MakefileDoc): Found[] {
  const found: Found[] = [];
  const { source } = makefile;
  for (const variable of makefile.variables) {
    // make keeps quotes in a value; they are removed here as in a recipe `NAME=$(NAME)`, which the shell unquotes.
    const value = variable.value.replace(/^(["'])(.*)\1$/, '$2');
    if (SETTING_OPERATORS.has(variable.operator) && turnsOff(variable.name, value)) {
      const location = { file: source.path, range: variable.valueRange };
      found.push({ name: variable.name, value, location, fix: valueFix(source, location, value) });
    }
  }
  for (const line of makefile.recipeLines) append(found, shellFindings(line.shell, source));
  return found;
}

function turnsOff(name: string, value: string): boolean {
  return VARIABLES.has(name) && parseGoBool(value) === false;
}

export default defineRule({
  id: 'legacy-builder',
  description: 'No script, Makefile or env file turns BuildKit off (DOCKER_BUILDKIT=0, COMPOSE_DOCKER_CLI_BUILD=0)',
  kind: 'policy',
  documents: ['script', 'env', 'makefile'],
  defaultSeverity: 'warning',
  fixable: true,
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
    for (const script of project.scripts) append(found, shellFindings(script.shell, script.source));
    for (const env of project.envFiles) {
      for (const entry of env.entries) {
        if (entry.value === null || !turnsOff(entry.name, entry.value)) continue;
        found.push({ name: entry.name, value: entry.value, location: entry.valueLocation, fix: valueFix(env.source, entry.valueLocation, entry.value) });
      }
    }
    for (const makefile of project.makefiles) append(found, makefileFindings(makefile));
    return found.map(({ name, value, location, fix }): Report => ({
      messageId: VARIABLES.get(name) ?? 'dockerBuildkitOff',
      data: { value },
      location,
      ...(fix === null ? {} : { fix }),
    }));
  },
});
