import { describe, expect, it } from 'vitest';
import { parseGoDuration, readBuilderFlags } from '../src/project/dockerfile/arguments.js';
import { parseDockerfile } from '../src/project/dockerfile/index.js';
import type { CopyInstruction, DockerfileDoc, FromInstruction, KeyValueInstruction } from '../src/project/model.js';
import { SourceFile } from '../src/source.js';

function parse(text: string): DockerfileDoc {
  return parseDockerfile(new SourceFile('Dockerfile', text), null);
}

/** Problems of one instruction written on line 2 after `FROM scratch`: message, start column, end column. */
function problemsOf(line: string): [string, number, number][] {
  const doc = parse(`FROM scratch\n${line}\n`);
  return doc.problems.map(({ message, location: { range } }) => {
    expect(range.start.line).toBe(2);
    return [message, range.start.column, range.end.column];
  });
}

const COPY_FLAGS = '--chmod, --chown, --exclude, --from, --link, --parents';

// Each refused by BuildKit's parser or instruction parser (checked against its source, and the sample in
// docs/rules/parse-error.md against a real BuildKit).
const INVALID: [string, [string, number, number][]][] = [
  ['WORKDIR', [['WORKDIR requires exactly one argument (WORKDIR /path)', 1, 8]]],
  ['USER', [['USER requires exactly one argument (USER name[:group])', 1, 5]]],
  ['STOPSIGNAL', [['STOPSIGNAL requires exactly one argument (STOPSIGNAL signal)', 1, 11]]],
  ['MAINTAINER', [['MAINTAINER requires exactly one argument (MAINTAINER name)', 1, 11]]],
  ['EXPOSE', [['EXPOSE requires at least one argument (EXPOSE port[/protocol])', 1, 7]]],
  ['VOLUME', [['VOLUME requires at least one argument (VOLUME /path)', 1, 7]]],
  ['VOLUME []', [['VOLUME requires at least one argument (VOLUME /path)', 1, 10]]],
  ['VOLUME ["/a", " "]', [['VOLUME paths can not be empty (VOLUME ["/path"])', 15, 18]]],
  ['ARG', [['ARG requires at least one argument (ARG NAME[=default])', 1, 4]]],
  ['ARG --x=1', [['ARG requires at least one argument (ARG NAME[=default])', 1, 10]]],
  ['ARG A=1 =x', [['ARG name missing before "=" in =x (NAME=value)', 9, 11]]],
  ['ENV', [['ENV requires at least one argument (ENV NAME=value)', 1, 4]]],
  ['ENV FOO', [['ENV FOO has no value (ENV FOO=value)', 5, 8]]],
  ['ENV A=1 B', [['ENV expects NAME=value pairs, and "B" has no "=": write B=value, or quote a value that holds spaces (NAME="a b")', 9, 10]]],
  ['ENV =x', [['ENV name missing before "=" in =x (NAME=value)', 5, 7]]],
  ['LABEL version', [['LABEL version has no value (LABEL version=value)', 7, 14]]],
  ['ENV --foo=1 A=1', [['unknown flag --foo: ENV takes no flags', 5, 12]]],
  ['ONBUILD', [['ONBUILD requires at least one argument (ONBUILD INSTRUCTION arguments)', 1, 8]]],
  ['ONBUILD ONBUILD RUN x', [['ONBUILD ONBUILD is not allowed: ONBUILD triggers cannot be chained', 9, 16]]],
  ['onbuild from x', [['FROM is not allowed as an ONBUILD trigger', 9, 13]]],
  ['ONBUILD MAINTAINER me', [['MAINTAINER is not allowed as an ONBUILD trigger', 9, 19]]],
  ['ONBUILD --x RUN a', [['unknown flag --x: ONBUILD takes no flags', 9, 12]]],
  ['ONBUILD ENV FOO', [['ENV FOO has no value (ENV FOO=value)', 13, 16]]],
  ['ONBUILD RUN [1]', [['RUN in JSON form must be an array of strings', 13, 16]]],
  ['HEALTHCHECK', [['HEALTHCHECK requires at least one argument (HEALTHCHECK [options] CMD command, or HEALTHCHECK NONE)', 1, 12]]],
  ['HEALTHCHECK CMD', [['HEALTHCHECK CMD requires a command (HEALTHCHECK CMD command)', 13, 16]]],
  ['HEALTHCHECK cmd []', [['HEALTHCHECK CMD requires a command (HEALTHCHECK CMD command)', 13, 16]]],
  ['HEALTHCHECK CMD [1]', [['HEALTHCHECK CMD in JSON form must be an array of strings', 17, 20]]],
  ['HEALTHCHECK NONE extra words', [['HEALTHCHECK NONE takes no arguments', 18, 29]]],
  ['HEALTHCHECK PING x', [['unknown HEALTHCHECK type "PING": use CMD or NONE', 13, 17]]],
  ['HEALTHCHECK --interval=abc CMD true', [['--interval expects a duration such as 30s or 1m30s, not "abc"', 13, 27]]],
  ['HEALTHCHECK --timeout=10us CMD true', [['--timeout must be 0 or at least 1ms, not "10us"', 13, 27]]],
  ['HEALTHCHECK --start-period=-1s CMD true', [['--start-period must be 0 or at least 1ms, not "-1s"', 13, 31]]],
  ['HEALTHCHECK --retries=x CMD true', [['--retries expects a whole number, not "x"', 13, 24]]],
  ['HEALTHCHECK --retries=-1 CMD true', [['--retries must be 0 or more, not -1', 13, 25]]],
  ['HEALTHCHECK --retries=3000000000 CMD true', [['--retries expects a whole number, not "3000000000"', 13, 33]]],
  ['HEALTHCHECK --interval CMD true', [['flag --interval requires a value (--interval=<value>)', 13, 23]]],
  [
    'HEALTHCHECK --intervall=5s CMD true',
    [['unknown flag --intervall: did you mean --interval? HEALTHCHECK accepts --interval, --retries, --start-interval, --start-period, --timeout', 13, 27]],
  ],
  ['COPY --unknownflag a b', [[`unknown flag --unknownflag: COPY accepts ${COPY_FLAGS}`, 6, 19]]],
  ['COPY --form=build a b', [[`unknown flag --form: did you mean --from? COPY accepts ${COPY_FLAGS}`, 6, 18]]],
  ['COPY --from a b', [['flag --from requires a value (--from=<value>)', 6, 12]]],
  ['COPY --from=x --from=y a b', [['duplicate flag --from: COPY takes it once', 15, 23]]],
  ['COPY --link=maybe a b', [['flag --link expects true or false after "=", not "maybe" (write --link or --link=false)', 6, 18]]],
  ['COPY --link= a b', [['flag --link expects true or false after "=" (write --link or --link=false)', 6, 13]]],
  ['COPY --keep-git-dir a b', [[`unknown flag --keep-git-dir: COPY accepts ${COPY_FLAGS}`, 6, 20]]],
  [
    'ADD --from=x a b',
    [['unknown flag --from: ADD accepts --checksum, --chmod, --chown, --exclude, --keep-git-dir, --link, --unpack', 5, 13]],
  ],
  ['ADD --checksum a b', [['flag --checksum requires a value (--checksum=<value>)', 5, 15]]],
  ['COPY a <<EOF\nx\nEOF', [['COPY cannot take a heredoc as its destination: write the destination path last (COPY <<EOF /path)', 8, 13]]],
  ['ADD ["a", "<<EOF"]', [['ADD cannot take a heredoc as its destination: write the destination path last (ADD <<EOF /path)', 11, 18]]],
  ['COPY <<EOF\nx\nEOF', [['COPY requires at least two arguments: source(s) and a destination', 1, 4]]],
  ['RUN --foo=1 true', [['unknown flag --foo: RUN accepts --mount, --network, --security', 5, 12]]],
  ['RUN --network=bogus true', [['--network must be default, none or host, not "bogus"', 5, 20]]],
  ['RUN --security=root true', [['--security must be sandbox or insecure, not "root"', 5, 20]]],
  ['RUN --device=/dev/x true', [['unknown flag --device: RUN --device needs the labs Dockerfile syntax (# syntax=docker/dockerfile:1-labs)', 5, 20]]],
  ['CMD --foo ["x"]', [['unknown flag --foo: CMD takes no flags', 5, 10]]],
  ['SHELL --login ["sh", "-c"]', [['unknown flag --login: SHELL takes no flags', 7, 14]]],
  ['USER --uid=1 app', [['unknown flag --uid: USER takes no flags', 6, 13]]],
  ['WORKDIR --mkdir /x', [['unknown flag --mkdir: WORKDIR takes no flags', 9, 16]]],
];

// Accepted by BuildKit; several look wrong but are read as one argument, or their flags are ignored.
const VALID = [
  'RUN',
  'CMD',
  'WORKDIR /a /b',
  'USER app group',
  'MAINTAINER Jane Doe <jane@example.com>',
  'STOPSIGNAL --ignored=1 SIGTERM',
  'ARG --ignored=1 A',
  'ARG A B=2 C=',
  'ENV FOO bar baz',
  'ENV A="x y" B=z C=',
  'LABEL "com.example.name"="a b" version=1',
  'EXPOSE 80 443/tcp',
  'VOLUME /data /cache',
  'VOLUME ["/data"]',
  'HEALTHCHECK NONE',
  'HEALTHCHECK --anything=1 NONE',
  'HEALTHCHECK --interval=30s --timeout=1m30s --start-period=0 --start-interval=5ms --retries=0 CMD curl -f http://localhost/',
  'HEALTHCHECK --interval= CMD ["true"]',
  'ONBUILD RUN make',
  'ONBUILD WORKDIR',
  'COPY --from=build --chown=app:app --chmod=644 --link --exclude=*.md --exclude=*.txt --parents a b /app/',
  'COPY --link=FALSE -- --weird-name /app/',
  'COPY --from= a /b',
  'COPY <<EOF /etc/x\nx\nEOF',
  'ADD --chown=1 --chmod=600 --link=true --keep-git-dir --checksum=sha256:abc --exclude=x --unpack=false a /b',
  'RUN --mount=type=cache,target=/root/.cache --mount=type=secret,id=x --network=none --security=sandbox true',
  'RUN --network=host --security=insecure true',
];

describe('parseDockerfile: flags and arguments BuildKit refuses', () => {
  it.each(INVALID)('%j', (line, expected) => {
    expect(problemsOf(line)).toEqual(expected);
  });

  it.each(VALID)('accepts %j', (line) => {
    expect(problemsOf(line)).toEqual([]);
  });

  it('checks FROM flags on line 1', () => {
    const doc = parse('FROM --platform scratch\nFROM --plat=x scratch\nFROM --platform=linux/amd64 scratch\n');
    expect(doc.problems.map(({ message, location: { range } }) => [message, range.start.line, range.start.column])).toEqual([
      ['flag --platform requires a value (--platform=<value>)', 1, 6],
      ['unknown flag --plat: FROM accepts --platform', 2, 6],
    ]);
  });

  it('accepts labs-only flags when the syntax directive asks for labs', () => {
    const text = 'RUN --device=/dev/fuse true\n';
    expect(parse(`# syntax=docker/dockerfile:1-labs\nFROM scratch\n${text}`).problems).toEqual([]);
    expect(parse(`# syntax=docker/dockerfile:1\nFROM scratch\n${text}`).problems).toHaveLength(1);
  });

  it('places a problem on a flag continued onto the next line', () => {
    const doc = parse('FROM scratch\nCOPY \\\n  --bogus=1 \\\n  a b\n');
    expect(doc.problems.map(({ location: { range } }) => range)).toEqual([
      { start: { line: 3, column: 3 }, end: { line: 3, column: 12 } },
    ]);
  });
});

describe('parseDockerfile: refused instructions give no half-read model', () => {
  it('gives a FROM without exactly an image (and AS name) an unresolvable image, so rules cannot judge it', () => {
    for (const text of ['FROM\n', 'FROM --platform=linux/amd64\n', 'FROM AS deps\n', 'FROM a b c d\n']) {
      const from = parse(text).instructions[0] as FromInstruction;
      expect(from.image.dynamic).toBe(true);
    }
    expect((parse('FROM node:20\n').instructions[0] as FromInstruction).image.dynamic).toBe(false);
  });

  it('gives a heredoc destination no destination, and --from= the build context', () => {
    const doc = parse('FROM scratch\nCOPY a <<EOF\nx\nEOF\nCOPY --from= a /b\n');
    const [, heredocCopy, emptyFrom] = doc.instructions as [FromInstruction, CopyInstruction, CopyInstruction];
    expect(heredocCopy.destination).toBeNull();
    expect(heredocCopy.sources.map((word) => word.value)).toEqual(['a']);
    expect(emptyFrom.from).toBeNull();
    expect(emptyFrom.destination?.value).toBe('/b');
  });

  it('drops the pairs of a refused ARG, ENV or LABEL, and the ignored flags of an ARG', () => {
    const doc = parse('ARG --x=1 A=1\nFROM scratch\nENV FOO\nLABEL a=1 b\nARG =x\nENV --x=1 A=1\nENV B=2\n');
    const properties = doc.instructions
      .filter((instruction): instruction is KeyValueInstruction => 'properties' in instruction)
      .map((instruction) => instruction.properties.map((property) => `${property.name}=${property.value ?? ''}`));
    expect(properties).toEqual([['A=1'], [], [], [], [], ['B=2']]);
    expect(doc.globalArgs.map((arg) => arg.name)).toEqual(['A']);
  });
});

describe('readBuilderFlags', () => {
  it('reads leading -- words only, quotes respected, and stops at a lone --', () => {
    const text = 'COPY --chown="a b" --link -- --x y';
    const { flags, argsIndex } = readBuilderFlags(text, 4, '\\');
    expect(flags).toEqual([
      { name: 'chown', value: 'a b', span: { start: 5, end: 18 } },
      { name: 'link', value: null, span: { start: 19, end: 25 } },
    ]);
    expect(text.slice(argsIndex)).toBe('--x y');
    expect(readBuilderFlags('RUN make --jobs=2', 3, '\\').flags).toEqual([]);
  });
});

describe('parseGoDuration', () => {
  it.each([
    ['0', 0],
    ['-0', 0],
    ['30s', 30e9],
    ['1m30s', 90e9],
    ['1.5h', 5400e9],
    ['.5s', 0.5e9],
    ['10us', 10e3],
    ['-1s', -1e9],
    ['+2ms', 2e6],
  ])('%s is %d ns', (text, nanoseconds) => {
    expect(parseGoDuration(text)).toBe(nanoseconds);
  });

  it.each(['', 's', '1', '1 s', '1d', 'abc', '1s2', '.s', '--1s'])('refuses %j', (text) => {
    expect(parseGoDuration(text)).toBeNull();
  });
});
