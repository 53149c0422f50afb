import { defineRule, type Report } from '../engine/rule.js';
import { unquote } from '../project/dockerfile/text.js';
import { imageRefError, parseImageRef, substituteArgs } from '../project/image-ref.js';
import { listing } from '../text.js';
import { PLATFORM_ARGS, variableReferences } from '../vocabulary/variables.js';

/** What BuildKit gives its predefined platform ARGs on a linux/amd64 builder, the usual one. */
const PLATFORM_VALUES: ReadonlyMap<string, string> = new Map(
  [...PLATFORM_ARGS].map((name) => [name, name.endsWith('PLATFORM') ? 'linux/amd64' : name.endsWith('OS') ? 'linux' : name.endsWith('ARCH') ? 'amd64' : '']),
);

export default defineRule({
  id: 'invalid-default-arg-in-from',
  description: 'A FROM that uses global ARGs names a valid image with their defaults alone, without --build-arg',
  kind: 'general',
  equivalents: { buildkit: ['InvalidDefaultArgInFrom'] },
  documents: ['dockerfile'],
  defaultSeverity: 'warning',
  messages: {
    empty: {
      message: 'With the ARG defaults this FROM names no image: a build without --build-arg {{names}} fails.',
      help: 'Give {{names}} a default in the ARG before the first FROM (`ARG {{first}}=<value>`).',
    },
    invalid: {
      message: "With the ARG defaults, FROM names the invalid image '{{image}}'.",
      help: 'Give {{names}} a default in the ARG before the first FROM (`ARG {{first}}=<value>`), so a plain build works.',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const dockerfile of project.dockerfiles) {
      // As BuildKit builds with no build arguments: an ARG without a default is empty.
      const defaults = new Map<string, string | null>(PLATFORM_VALUES);
      /** Per ARG, the ARGs without a default its value takes in (itself, when it has none). */
      const emptyVia = new Map<string, string[]>();
      for (const arg of dockerfile.globalArgs) {
        const via = arg.value === null ? [arg.name] : variableReferences(arg.value).flatMap((reference) => emptyVia.get(reference.name) ?? []);
        emptyVia.set(arg.name, [...new Set(via)]);
        defaults.set(arg.name, arg.value === null ? '' : substituteArgs(arg.value, defaults).text);
      }
      const stageNames = new Set<string>();
      for (const { from, name } of dockerfile.stages) {
        const word = from.args[0];
        // A FROM whose ARGs all have defaults is judged when it is parsed (a parse-error when invalid).
        if (word !== undefined && from.image.dynamic) {
          const names = [...new Set(variableReferences(word.raw).map((reference) => reference.name))];
          const missing = [...new Set(names.flatMap((arg) => emptyVia.get(arg) ?? []))];
          // Undeclared names are undefined-arg-in-from's finding.
          if (missing.length > 0 && names.every((arg) => defaults.has(arg))) {
            const expanded = substituteArgs(word.raw, defaults);
            // Unquoted as the parser reads a FROM.
            const image = unquote(expanded.text, '\\');
            const data = { names: listing(missing.map((arg) => `$${arg}`)), first: missing[0] ?? '', image };
            const location = { file: dockerfile.source.path, range: word.range };
            if (!expanded.unresolved && image === '') reports.push({ messageId: 'empty', data, location });
            else if (!expanded.unresolved && !stageNames.has(image.toLowerCase()) && imageRefError(parseImageRef(image)) !== null) {
              reports.push({ messageId: 'invalid', data, location });
            }
          }
        }
        if (name !== null) stageNames.add(name);
      }
    }
    return reports;
  },
});
