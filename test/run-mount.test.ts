import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../src/project/dockerfile/index.js';
import { mountOptions, mountProblem } from '../src/project/run-mount.js';
import { SourceFile } from '../src/source.js';

describe('mountProblem', () => {
  // Each refused by BuildKit's run-mount parser (frontend/dockerfile/instructions/commands_runmount.go).
  it.each([
    ['type=cache,taget=/root/.npm', "--mount: unknown key 'taget' in 'taget=/root/.npm' (did you mean target?)"],
    ['type=cahce,target=/root/.npm', '--mount: unsupported mount type "cahce" (did you mean cache?); use bind, cache, tmpfs, secret, ssh'],
    ['type=cache,target=/var/cache/apt,sharing=lock', '--mount: unsupported sharing value "lock" (did you mean locked?); use shared, private, locked'],
    ['type=cache,/root/.npm', "--mount: '/root/.npm' must be a key=value pair (e.g. target=/root/.cache)"],
    ['type=bind,source=.,target=/src,readonly=yes', '--mount: readonly expects true or false, not "yes"'],
    ['type=cache,target=/root/.cache,required', "--mount: 'required' is only for secret and ssh mounts, not cache"],
    ['required,type=secret,id=npmrc', "--mount: 'required' is only for secret and ssh mounts, not bind"],
    ['type=cache,target=/x,size=1g', "--mount: 'size' is only for tmpfs mounts, not cache"],
    ['type=tmpfs,target=/x,size=lots', '--mount: size expects a size such as 512m or 1g, not "lots"'],
    ['type=cache,target=/x,mode=0999', '--mount: mode expects an octal number such as 0755, not "0999"'],
    ['type=cache,target=/x,uid=me', '--mount: uid expects a number, not "me"'],
    ['type=bind,source=.,target=/src,uid=1000', "--mount: 'uid' is not allowed for bind mounts (only for cache, secret and ssh)"],
    ['type=secret,id=npmrc,from=base', "--mount: a secret mount takes no 'from'"],
    ['type=secret,required=true', '--mount: a secret mount needs id, source or target (e.g. id=npmrc,target=/root/.npmrc)'],
    ['type=secret,id=npmrc,source=.npmrc', '--mount: a secret mount takes source or id, not both'],
    ['type=tmpfs,target=/x,sharing=locked', "--mount: 'sharing' is only for cache mounts, not tmpfs"],
    ['type=bind,from=${STAGE},target=/x', "--mount: 'from' cannot use a variable: name the image in a stage (FROM … AS name) and use that"],
    ['type=bind,"source=a,target=/x', '--mount "type=bind,\\"source=a,target=/x" is not valid comma-separated text (an unclosed or misplaced ")'],
  ])('%s', (value, message) => {
    expect(mountProblem(value)).toBe(message);
  });

  it.each([
    'type=cache,target=/root/.npm',
    'type=cache,target=/var/cache/apt,sharing=locked',
    'type=cache,id=pip-${PYTHON_VERSION},target=/root/.cache/pip,uid=1000,gid=1000,mode=0755',
    'type=bind,source=package.json,target=package.json',
    'type=bind,from=build,source=/app/dist,target=/dist,rw',
    'type=secret,id=npmrc,target=/root/.npmrc,required',
    'type=secret,id=token,env=TOKEN',
    'type=ssh',
    'type=tmpfs,target=/tmp,size=512m',
    'TYPE=Cache,Target=/root/.npm',
    'type=${MOUNT_TYPE},target=/x',
    'type=bind,"source=a,b",target=/x',
    'target=/src',
  ])('accepts %s', (value) => {
    expect(mountProblem(value)).toBeNull();
  });

  it('is reported as a parse error at the flag', () => {
    const doc = parseDockerfile(new SourceFile('Dockerfile', 'FROM node:22\nRUN --mount=type=cache,taget=/root/.npm npm ci\n'), null);
    expect(doc.problems.map(({ message, location: { range } }) => [message, range.start.line, range.start.column, range.end.column])).toEqual([
      ["--mount: unknown key 'taget' in 'taget=/root/.npm' (did you mean target?)", 2, 5, 40],
    ]);
  });
});

describe('mountOptions', () => {
  it.each([
    ['type=cache,target=/root/.npm', { type: 'cache', target: '/root/.npm' }],
    ['source=scripts,target=/s', { type: 'bind', source: 'scripts', target: '/s' }],
    ['Type=Cache,DST=/x,id=npm', { type: 'cache', target: '/x', id: 'npm' }],
    ['type=bind,src=a,destination=/b,ro', { type: 'bind', source: 'a', target: '/b', ro: '' }],
    ['type=bind,"source=a,b",target=/x', { type: 'bind', source: 'a,b', target: '/x' }],
    ['type=bind,"source=a', {}],
  ])('%s', (value, options) => {
    expect(mountOptions(value)).toEqual(options);
  });
});
