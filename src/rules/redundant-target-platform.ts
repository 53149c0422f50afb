import { defineRule, type Report } from '../engine/rule.js';

/** `$TARGETPLATFORM`, `${TARGETPLATFORM}` or `${TARGETPLATFORM:-…}`: always the platform being built. */
const TARGET_PLATFORM = /^\$(?:TARGETPLATFORM|\{TARGETPLATFORM(?::?-[^}]*)?\})$/;

export default defineRule({
  id: 'redundant-target-platform',
  description: 'FROM --platform=$TARGETPLATFORM is left out: every stage is built for the target platform anyway',
  kind: 'general',
  equivalents: { hadolint: ['DL3065'], buildkit: ['RedundantTargetPlatform'] },
  documents: ['dockerfile'],
  defaultSeverity: 'info',
  fixable: true,
  messages: {
    redundant: {
      message: 'Redundant --platform={{value}}: every stage builds for the target platform.',
      help: 'Drop the flag (to build a stage for the machine that runs the build, write --platform=$BUILDPLATFORM).',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const dockerfile of project.dockerfiles) {
      const { source } = dockerfile;
      // A global ARG with a default replaces the automatic value: then the flag pins a platform.
      if (dockerfile.globalArgs.some((arg) => arg.name === 'TARGETPLATFORM' && arg.value !== null)) continue;
      for (const stage of dockerfile.stages) {
        const flag = stage.from.flags.find((candidate) => candidate.name === 'platform');
        if (flag?.value == null || !TARGET_PLATFORM.test(flag.value)) continue;
        const start = source.offsetAt(flag.range.start);
        // The flag and the blanks after it, up to the image.
        const end = source.offsetAt(stage.from.imageRange.start);
        reports.push({
          messageId: 'redundant',
          data: { value: flag.value },
          location: { file: source.path, range: flag.range },
          fix: { kind: 'edit', file: source.path, edits: [{ start, end, text: '' }] },
        });
      }
    }
    return reports;
  },
});
