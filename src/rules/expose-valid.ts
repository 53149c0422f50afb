import type { Word } from '../project/model.js';
import { defineRule, type Fix, type Report } from '../engine/rule.js';
import type { SourceFile } from '../source.js';
import { shorten } from '../text.js';

/** `[ip:][host:]port[-end][/proto]`, split as BuildKit splits an EXPOSE word; `null` for what parse-error reports. */
function portSpec(spec: string): { mapping: string; container: string; protocol: string | null } | null {
  const colon = spec.lastIndexOf(':');
  const [container = '', protocol] = spec.slice(colon + 1).split('/', 2);
  if (!/^\d+(?:-\d+)?$/.test(container)) return null;
  if (protocol !== undefined && !['tcp', 'udp', 'sctp'].includes(protocol.toLowerCase())) return null;
  return { mapping: colon === -1 ? '' : spec.slice(0, colon + 1), container, protocol: protocol ?? null };
}

function replaceWord(source: SourceFile, word: Word, text: string): Fix | undefined {
  // Only words written without quotes or escapes can be rewritten in place.
  if (word.raw !== word.value) return undefined;
  return { kind: 'edit', file: source.path, edits: [{ start: source.offsetAt(word.range.start), end: source.offsetAt(word.range.end), text }] };
}

export default defineRule({
  id: 'expose-valid',
  description: 'EXPOSE names container ports only (no host port or address) with a lower-case protocol',
  kind: 'general',
  equivalents: { hadolint: ['DL3011'], buildkit: ['ExposeInvalidFormat', 'ExposeProtoCasing'] },
  documents: ['dockerfile'],
  defaultSeverity: 'warning',
  fixable: true,
  messages: {
    hostMapping: {
      message: 'EXPOSE {{spec}} maps a host port; EXPOSE only documents the container port {{port}}.',
      help: 'Write EXPOSE {{port}}, and publish the port where the container runs (ports: in compose, docker run -p).',
    },
    protocolCasing: {
      message: 'EXPOSE {{spec}} writes the protocol in upper case.',
      help: 'Write EXPOSE {{fixed}}: protocols are lower case (tcp, udp, sctp).',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const dockerfile of project.dockerfiles) {
      const { source } = dockerfile;
      for (const instruction of dockerfile.instructions) {
        if (instruction.keyword !== 'EXPOSE') continue;
        for (const word of instruction.args) {
          if (word.value.includes('$')) continue;
          const spec = portSpec(word.value);
          if (spec === null) continue;
          const protocol = spec.protocol === null ? '' : `/${spec.protocol.toLowerCase()}`;
          const fixed = `${spec.container}${protocol}`;
          const location = { file: source.path, range: word.range };
          const fix = replaceWord(source, word, fixed);
          if (spec.mapping !== '') {
            reports.push({ messageId: 'hostMapping', data: { spec: shorten(word.value, 30), port: fixed }, location, ...(fix ? { fix } : {}) });
          } else if (spec.protocol !== null && spec.protocol !== spec.protocol.toLowerCase()) {
            reports.push({ messageId: 'protocolCasing', data: { spec: shorten(word.value, 30), fixed }, location, ...(fix ? { fix } : {}) });
          }
        }
      }
    }
    return reports;
  },
});
