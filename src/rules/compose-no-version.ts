import { defineRule, type Fix, type Report } from '../engine/rule.js';
import type { ComposeDoc } from '../project/model.js';
import type { Location } from '../source.js';

/** Deletes the `version: …` line when the key and its value are all that line holds. */
function deleteLine(doc: ComposeDoc, key: Location, value: Location): Fix | undefined {
  const { source } = doc;
  if (key.range.start.line !== value.range.end.line) return undefined;
  const before = source.lineText(key.range.start.line).slice(0, key.range.start.column - 1);
  if (before.trim() !== '') return undefined;
  const start = source.offsetAt({ line: key.range.start.line, column: 1 });
  const next = source.offsetAt({ line: key.range.start.line + 1, column: 1 });
  return { kind: 'edit', file: source.path, edits: [{ start, end: next, text: '' }] };
}

export default defineRule({
  id: 'compose-no-version',
  description: 'Compose files have no top-level `version`: Compose ignores it and warns that it is obsolete',
  kind: 'general',
  equivalents: { dclint: ['no-version-field'] },
  documents: ['compose'],
  defaultSeverity: 'warning',
  fixable: true,
  messages: {
    obsolete: {
      message: "The top-level `version` ('{{version}}') is obsolete: Compose ignores it and warns on every run.",
      help: 'Delete the line; Compose reads every file by the current Compose Specification.',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const doc of project.composeFiles) {
      for (const layer of doc.layers) {
        const data = layer.data;
        if (typeof data !== 'object' || data === null || !('version' in data)) continue;
        const key = layer.locate(['version'], 'key');
        const fix = deleteLine(doc, key, layer.locate(['version']));
        const version = data.version;
        reports.push({ messageId: 'obsolete', data: { version: typeof version === 'string' || typeof version === 'number' ? String(version) : '' }, location: key, ...(fix === undefined ? {} : { fix }) });
      }
    }
    return reports;
  },
});
