import { parse } from 'yaml';
import { defineRule, type Report } from '../engine/rule.js';

/**
 * What a YAML 1.1 parser makes of a plain scalar: `22:22` is a base-60 integer there (1342), while
 * YAML 1.2, and Compose v2's parser, read the string. `null` when 1.1 reads a string too.
 */
function sexagesimal(written: string): number | null {
  if (!written.includes(':')) return null;
  try {
    const value: unknown = parse(written, { version: '1.1' });
    return typeof value === 'number' ? value : null;
  } catch {
    return null;
  }
}

export default defineRule({
  id: 'compose-ambiguous-port',
  description: 'Compose port mappings that YAML 1.1 reads as base-60 numbers (unquoted `22:22`) are quoted',
  kind: 'general',
  equivalents: { dclint: ['require-quotes-in-ports'] },
  documents: ['compose'],
  defaultSeverity: 'warning',
  fixable: true,
  messages: {
    sexagesimal: {
      message: "Port '{{port}}' of service '{{service}}' is unquoted: YAML 1.1 parsers read it as the number {{number}}.",
      help: 'Quote it ("{{port}}"): docker-compose v1, podman-compose and YAML 1.1 tools publish the wrong port otherwise.',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const { service } of project.services) {
      for (const port of service.ports) {
        if (!port.plain || port.written === null) continue;
        const number = sexagesimal(port.written);
        const source = project.document(port.location.file)?.source;
        if (number === null || source === undefined) continue;
        const start = source.offsetAt(port.location.range.start);
        const end = source.offsetAt(port.location.range.end);
        reports.push({
          messageId: 'sexagesimal',
          data: { port: port.written, service: service.name, number },
          location: port.location,
          fix: { kind: 'edit', file: source.path, edits: [{ start, end, text: `"${port.written}"` }] },
        });
      }
    }
    return reports;
  },
});
