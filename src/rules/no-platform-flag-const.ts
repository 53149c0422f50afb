import { defineRule, type Report } from '../engine/rule.js';

/** Operating systems a platform can name first (`linux/amd64`); a single word is an architecture. */
const OPERATING_SYSTEMS = new Set(['linux', 'windows', 'darwin', 'freebsd', 'netbsd', 'openbsd', 'illumos', 'solaris', 'aix', 'android', 'ios', 'js', 'wasip1', 'plan9', 'dragonfly']);

/** Architecture spellings the platform parser normalises. */
const ARCHITECTURES: Record<string, string> = {
  amd64: 'amd64', x86_64: 'amd64', 'x86-64': 'amd64', arm64: 'arm64', aarch64: 'arm64', arm: 'arm', armhf: 'arm', armel: 'arm',
  386: '386', i386: '386', i686: '386', ppc64le: 'ppc64le', s390x: 's390x', riscv64: 'riscv64', mips64le: 'mips64le', loong64: 'loong64', wasm: 'wasm',
};

/** `{ os, architecture }` of a constant platform, or `null` when it does not parse (the build fails on it). */
function parsePlatform(value: string): { os: string; architecture: string } | null {
  const [first = '', second, ...rest] = value.toLowerCase().split('/');
  if (rest.length > 1) return null;
  if (OPERATING_SYSTEMS.has(first)) {
    const architecture = second === undefined ? '' : ARCHITECTURES[second];
    return architecture === undefined ? null : { os: first, architecture };
  }
  // A lone architecture (`arm64`, `arm64/v8`) means the build machine's OS: Linux for Docker's builders.
  const architecture = ARCHITECTURES[first];
  return architecture === undefined || rest.length > 0 ? null : { os: 'linux', architecture };
}

export default defineRule({
  id: 'no-platform-flag-const',
  description: 'FROM --platform takes a variable ($BUILDPLATFORM, $TARGETPLATFORM), not a constant, unless the stage is named for its platform',
  kind: 'general',
  equivalents: { hadolint: ['DL3029'], buildkit: ['FromPlatformFlagConstDisallowed'] },
  documents: ['dockerfile'],
  defaultSeverity: 'warning',
  messages: {
    constant: {
      message: 'FROM --platform={{value}} pins the stage to one platform, whatever platform is built.',
      help: 'Use --platform=$BUILDPLATFORM for a stage that runs tools during the build, or drop the flag; if the pin is meant, name the stage for it (AS build-{{architecture}}).',
    },
  },
  check(project) {
    const reports: Report[] = [];
    for (const dockerfile of project.dockerfiles) {
      for (const stage of dockerfile.stages) {
        const flag = stage.from.flags.find((candidate) => candidate.name === 'platform');
        const value = flag?.value;
        if (flag === undefined || value == null || value.includes('$')) continue;
        const platform = parsePlatform(value);
        if (platform === null) continue;
        // A stage named for its platform (`build-arm64`, `windows-tools`) is pinned on purpose.
        const name = stage.name ?? '';
        if (platform.os !== '' && name.includes(platform.os)) continue;
        if (platform.architecture !== '' && name.includes(platform.architecture)) continue;
        reports.push({ messageId: 'constant', data: { value, architecture: platform.architecture || platform.os }, location: { file: dockerfile.source.path, range: flag.range } });
      }
    }
    return reports;
  },
});
