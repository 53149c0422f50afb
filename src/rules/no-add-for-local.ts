import { Type } from '@sinclair/typebox';
import type { Word } from '../project/model.js';
import { defineRule, type Report } from '../engine/rule.js';
import { firstOf, shorten } from '../text.js';
import { isRemoteSource } from '../vocabulary/manifests.js';
import { writtenKeyword } from '../vocabulary/written.js';

/** Tar archives, which ADD unpacks (COPY cannot). */
const TAR_ARCHIVE = /\.(?:tar|tgz|tbz2?|txz|tzst|tar\.(?:gz|bz2|xz|zst))$/i;
/** A repository, which ADD clones (`git@host:org/repo.git`, `https://host/org/repo.git#v1.2`). */
const GIT_SOURCE = /^(?:git@|git:\/\/|ssh:\/\/)|^https?:\/\/[^#?]+\.git(?:[#?]|$)/i;
/** Flags COPY takes too: with only these, ADD → COPY changes nothing else. */
const COPY_FLAGS = new Set(['from', 'chown', 'chmod', 'link', 'exclude', 'parents']);

type Kind = 'local' | 'archive' | 'url' | 'git' | 'unknown';

function kindOf(source: Word): Kind {
  const { value } = source;
  if (value.includes('$')) return 'unknown';
  if (GIT_SOURCE.test(value)) return 'git';
  if (isRemoteSource(value)) return 'url';
  return TAR_ARCHIVE.test(value) ? 'archive' : 'local';
}

export default defineRule({
  id: 'no-add-for-local',
  description: 'ADD only for what COPY cannot do: unpacking a local tar archive, cloning a git repository, or a download',
  kind: 'general',
  equivalents: { hadolint: ['DL3020'] },
  documents: ['dockerfile'],
  defaultSeverity: 'warning',
  strict: { options: { requireChecksum: true } },
  fixable: true,
  options: Type.Object(
    {
      requireChecksum: Type.Boolean({
        default: false,
        description: 'Also report ADD of a URL without --checksum, whose content may change unnoticed',
      }),
    },
    { additionalProperties: false },
  ),
  messages: {
    local: {
      message: 'ADD copies plain local files here ({{sources}}); COPY says so and does nothing more.',
      help: 'Use COPY: ADD also unpacks archives and downloads URLs, which a reader has to rule out.',
    },
    noChecksum: {
      message: 'ADD downloads without --checksum: a changed or tampered {{url}} goes unnoticed.',
      help: 'Add --checksum=sha256:<digest> (BuildKit then verifies the download), or download in a RUN that verifies it.',
    },
  },
  check(project, options) {
    const reports: Report[] = [];
    for (const dockerfile of project.dockerfiles) {
      const file = dockerfile.source.path;
      for (const instruction of dockerfile.instructions) {
        if (instruction.keyword !== 'ADD') continue;
        const kinds = instruction.sources.map(kindOf);
        if (options.requireChecksum && !instruction.flags.some((flag) => flag.name === 'checksum')) {
          for (const [index, source] of instruction.sources.entries()) {
            if (kinds[index] === 'url') reports.push({ messageId: 'noChecksum', data: { url: shorten(source.value, 60) }, location: { file, range: source.range } });
          }
        }
        // Heredocs are plain files too; any archive, download or unknown source keeps ADD.
        const plain = kinds.every((kind) => kind === 'local') && kinds.length + instruction.heredocs.length > 0;
        if (!plain) continue;
        const names = instruction.sources.map((source) => source.value).concat(instruction.heredocs.map((heredoc) => `<<${heredoc.name}`));
        const { keywordRange } = instruction;
        const written = writtenKeyword(dockerfile, instruction);
        const onlyCopyFlags = instruction.flags.every((flag) => COPY_FLAGS.has(flag.name));
        reports.push({
          messageId: 'local',
          data: { sources: firstOf(names, 3) },
          location: { file, range: keywordRange },
          ...(onlyCopyFlags
            ? {
                fix: {
                  kind: 'edit' as const,
                  file,
                  edits: [{ start: dockerfile.source.offsetAt(keywordRange.start), end: dockerfile.source.offsetAt(keywordRange.end), text: written === written.toLowerCase() ? 'copy' : 'COPY' }],
                },
              }
            : {}),
        });
      }
    }
    return reports;
  },
});
