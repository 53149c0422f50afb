/**
 * Conformance with BuildKit's instruction parser (frontend/dockerfile/instructions: parse.go, bflag.go
 * and the RUN hooks for --mount, --network and --security): what each instruction accepts and what it
 * refuses before anything is built. Cases are written from the upstream code's behaviour; each group
 * names the function it pins down. A refused line must give exactly one parse problem, an accepted one
 * none, so `parse-error` stays "what BuildKit refuses, and nothing else".
 */
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../src/project/dockerfile/index.js';
import { SourceFile } from '../../src/source.js';
import { loadCase } from '../helpers/rule-tester.js';
import { tempTree } from '../helpers/tmp.js';

/** A line and `null` when BuildKit accepts it, or what the one problem must say when it refuses it. */
type Case = [line: string, refusal: RegExp | null];

function problemsOf(dockerfile: string): string[] {
  const doc = parseDockerfile(new SourceFile('Dockerfile', dockerfile), () => ({ commands: [], assignments: [], errors: [], comments: [] }), {});
  return doc.problems.map((problem) => problem.message);
}

function check(cases: Case[]): void {
  it.each(cases)('%j → %s', (line, refusal) => {
    const text = line.startsWith('FROM') ? `${line}\n` : `FROM alpine\n${line}\n`;
    const problems = problemsOf(text);
    if (refusal === null) expect(problems).toEqual([]);
    else {
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(refusal);
    }
  });
}

describe('BFlags.Parse: flags are leading `--` words, checked against what the instruction declares', () => {
  describe('every instruction that calls Parse refuses a flag it did not declare', () => {
    check([
      ['CMD --help', /unknown flag --help: CMD takes no flags/],
      ['ENTRYPOINT --init /bin/sh', /unknown flag --init/],
      ['ENV --x a=b', /unknown flag --x/],
      ['LABEL --x a=b', /unknown flag --x/],
      ['EXPOSE --udp 80', /unknown flag --udp/],
      ['VOLUME --x /data', /unknown flag --x/],
      ['WORKDIR --x /app', /unknown flag --x/],
      ['USER --x app', /unknown flag --x/],
      ['SHELL --x ["sh", "-c"]', /unknown flag --x/],
      ['RUN --bogus true', /unknown flag --bogus: RUN accepts/],
      ['FROM --bogus alpine', /unknown flag --bogus: FROM accepts --platform/],
      ['COPY --platform=linux/amd64 a b', /unknown flag --platform/],
      ['ADD --from=build a b', /unknown flag --from/],
    ]);
  });

  describe('flag names are case-sensitive (the declared map is keyed by the lower-case name)', () => {
    check([
      ['COPY --FROM=build a b', /unknown flag --FROM: did you mean --from\?/],
      ['COPY --Link a b', /unknown flag --Link/],
    ]);
  });

  describe('parseArg and parseStopSignal never call Parse, so their flags are dropped unread', () => {
    check([
      ['ARG --anything NAME', null],
      ['STOPSIGNAL --x SIGTERM', null],
    ]);
  });

  describe('a lone `--` ends the flags', () => {
    check([['COPY -- a b', null]]);
  });

  describe('bool flags: bare, `=true`/`=false` in any case; `=` with nothing or another word is refused', () => {
    check([
      ['COPY --link a b', null],
      ['COPY --link=false a b', null],
      ['COPY --link=TRUE a b', null],
      ['COPY --link= a b', /flag --link expects true or false/],
      ['COPY --link=maybe a b', /flag --link expects true or false after "=", not "maybe"/],
      ['ADD --keep-git-dir=true https://example.com/r.git /src', null],
    ]);
  });

  describe('string flags need `=`; an empty value after it is a value', () => {
    check([
      ['COPY --from a b', /flag --from requires a value/],
      ['COPY --chown a b', /flag --chown requires a value/],
      ['COPY --chmod a b', /flag --chmod requires a value/],
      ['COPY --from= a b', null],
      ['RUN --network true', /flag --network requires a value/],
    ]);
  });

  describe('a flag given twice is refused unless it is a strings flag', () => {
    check([
      ['COPY --from=a --from=b x y', /duplicate flag --from/],
      ['COPY --link --link a b', /duplicate flag --link/],
      ['COPY --exclude=*.md --exclude=*.txt . /app', null],
      ['RUN --mount=type=cache,target=/a --mount=type=cache,target=/b true', null],
    ]);
  });
});

describe('parseCopy and parseAdd: the flags each declares (stable channel)', () => {
  check([
    ['COPY --chown=1000:1000 a b', null],
    ['COPY --chmod=0755 a b', null],
    ['COPY --link a b', null],
    ['COPY --parents src/*/package.json /app/', null],
    ['COPY --exclude=*.md . /app', null],
    ['COPY --from=build /out /out', null],
    ['COPY --from=0 /out /out', null],
    ['COPY --from=alpine:3.20 /etc/os-release /x', null],
    ['ADD --chown=app a b', null],
    ['ADD --chmod=644 a b', null],
    ['ADD --link a b', null],
    ['ADD --exclude=*.md . /app', null],
    ['ADD --checksum=sha256:24454f830cdd571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/a.tar /a', null],
    ['ADD --unpack=false https://example.com/a.tar.gz /a', null],
    ['ADD --parents a b', /unknown flag --parents/],
  ]);

  describe('errNoDestinationArgument: at least a source and a destination', () => {
    check([
      ['COPY a', /COPY requires at least two arguments/],
      ['ADD --link a', /ADD requires at least two arguments/],
      ['COPY ["a"]', /COPY requires at least two arguments/],
      ['COPY ["a", "b"]', null],
    ]);
  });
});

describe('parseFrom: --platform, one or three arguments, validStageName', () => {
  check([
    ['FROM --platform=linux/arm64 alpine', null],
    ['FROM --platform=$BUILDPLATFORM alpine AS build', null],
    ['FROM alpine AS', /FROM requires either one or three arguments/],
    ['FROM alpine build', /FROM requires either one or three arguments/],
    ['FROM alpine as Build', null],
    ['FROM alpine AS 1build', /invalid stage name "1build"/],
    ['FROM alpine AS my_stage.v2-x', null],
  ]);
});

describe('parseNameVal and parseKvps: ENV and LABEL pairs', () => {
  describe('the legacy form: a first word without `=` takes the rest of the line as its value', () => {
    check([
      ['ENV PATH /usr/local/bin:$PATH', null],
      ['ENV GREETING hello world', null],
      ['ENV A b=c', null],
      ['LABEL maintainer someone', null],
      ['ENV LONELY', /ENV LONELY has no value/],
      ['LABEL LONELY', /LABEL LONELY has no value/],
    ]);
  });

  describe('the `=` form: every word needs `=` after a non-empty name; values may be empty or quoted', () => {
    check([
      ['ENV A=1 B=2', null],
      ['ENV A=', null],
      ['ENV A=""', null],
      ['ENV A="x y" B=\'z w\'', null],
      ['ENV A=x\\ y', null],
      ['LABEL "com.example.name"="a b"', null],
      ['LABEL a=', null],
      ['ENV A=1 B', /ENV expects NAME=value pairs, and "B" has no "="/],
      ['ENV A=x y', /"y" has no "="/],
      ['ENV =x', /ENV name missing before "="/],
      ['LABEL =x', /LABEL name missing before "="/],
    ]);
  });

  describe('errAtLeastOneArgument', () => {
    check([
      ['ENV', /ENV requires at least one argument/],
      ['LABEL', /LABEL requires at least one argument/],
    ]);
  });
});

describe('parseArg: names with an optional default, each word on its own', () => {
  check([
    ['ARG VERSION', null],
    ['ARG VERSION=1.0 DEBUG', null],
    ['ARG EMPTY=', null],
    ['ARG A="x y"', null],
    ['ARG =x', /ARG name missing before "="/],
    ['ARG', /ARG requires at least one argument/],
  ]);
});

describe('parseHealthcheck', () => {
  describe('NONE takes nothing more, and its flags are never parsed', () => {
    check([
      ['HEALTHCHECK NONE', null],
      ['HEALTHCHECK none', null],
      ['HEALTHCHECK --interval=5s NONE', null],
      ['HEALTHCHECK --bogus NONE', null],
      ['HEALTHCHECK NONE CMD true', /HEALTHCHECK NONE takes no arguments/],
    ]);
  });

  describe('CMD (any case) needs a command; any other type is refused', () => {
    check([
      ['HEALTHCHECK CMD curl -f http://localhost/', null],
      ['HEALTHCHECK cmd curl -f http://localhost/', null],
      ['HEALTHCHECK CMD ["curl", "-f", "http://localhost/"]', null],
      ['HEALTHCHECK CMD', /HEALTHCHECK CMD requires a command/],
      ['HEALTHCHECK CMD []', /HEALTHCHECK CMD requires a command/],
      ['HEALTHCHECK CMD-SHELL curl localhost', /unknown HEALTHCHECK type "CMD-SHELL"/],
      ['HEALTHCHECK', /HEALTHCHECK requires at least one argument/],
    ]);
  });

  describe('parseOptInterval: Go durations, empty or 0 for the default, else at least 1ms', () => {
    check([
      ['HEALTHCHECK --interval=30s --timeout=3s --start-period=1m --start-interval=500ms --retries=3 CMD true', null],
      ['HEALTHCHECK --interval=1m30s CMD true', null],
      ['HEALTHCHECK --interval=1.5h CMD true', null],
      ['HEALTHCHECK --interval=0 CMD true', null],
      ['HEALTHCHECK --interval= CMD true', null],
      ['HEALTHCHECK --timeout=1ms CMD true', null],
      ['HEALTHCHECK --timeout=999us CMD true', /--timeout must be 0 or at least 1ms/],
      ['HEALTHCHECK --interval=-5s CMD true', /--interval must be 0 or at least 1ms/],
      ['HEALTHCHECK --interval=30 CMD true', /--interval expects a duration/],
      ['HEALTHCHECK --interval=30sec CMD true', /--interval expects a duration/],
    ]);
  });

  describe('--retries: a 32-bit integer, not negative', () => {
    check([
      ['HEALTHCHECK --retries=0 CMD true', null],
      ['HEALTHCHECK --retries=-1 CMD true', /--retries must be 0 or more/],
      ['HEALTHCHECK --retries=three CMD true', /--retries expects a whole number/],
      ['HEALTHCHECK --retries=4294967296 CMD true', /--retries expects a whole number/],
    ]);
  });
});

describe('parseExpose: at least one argument', () => {
  check([['EXPOSE', /EXPOSE requires at least one argument/]]);
});

describe('dispatchExpose (parsePortSpec): each word is [ip:][host:]port[-end][/proto], read when the stage is built', () => {
  check([
    ['EXPOSE 80', null],
    ['EXPOSE 80/tcp 53/udp 9/sctp', null],
    ['EXPOSE 80/TCP', null],
    ['EXPOSE 80/', null],
    ['EXPOSE 8000-8010', null],
    ['EXPOSE 0 65535', null],
    ['EXPOSE $PORT', null],
    ['EXPOSE ${PORT}/udp', null],
    ['EXPOSE "8080"', null],
    ['EXPOSE 80:80', null],
    ['EXPOSE 127.0.0.1:8080:80/tcp', null],
    ['EXPOSE 9000-9001:80-81', null],
    ['EXPOSE 9000-9009:80', null],
    ['EXPOSE 127.0.0.1::80', null],
    ['EXPOSE http', /EXPOSE "http" is not a port/],
    ['EXPOSE 80 http', /EXPOSE "http" is not a port/],
    ['EXPOSE 65536', /EXPOSE "65536" is not a port/],
    ['EXPOSE -1', /EXPOSE "-1" is not a port/],
    ['EXPOSE 8010-8000', /EXPOSE "8010-8000" is not a port/],
    ['EXPOSE 1-2-3', /EXPOSE "1-2-3" is not a port/],
    ['EXPOSE 80/icmp', /EXPOSE "80\/icmp" is not a port/],
    ['EXPOSE /tcp', /EXPOSE "\/tcp" is not a port/],
    ['EXPOSE 80:', /EXPOSE "80:" is not a port/],
    ['EXPOSE x:80', /EXPOSE "x:80" is not a port/],
    ['EXPOSE 9000-9002:80-81', /EXPOSE "9000-9002:80-81" is not a port/],
  ]);
});

describe('parseOnBuild: the trigger is not ONBUILD, FROM or MAINTAINER (any case)', () => {
  check([
    ['ONBUILD RUN make', null],
    ['ONBUILD COPY . /app', null],
    ['ONBUILD ONBUILD RUN make', /ONBUILD ONBUILD is not allowed/],
    ['ONBUILD FROM alpine', /FROM is not allowed as an ONBUILD trigger/],
    ['onbuild from alpine', /FROM is not allowed as an ONBUILD trigger/],
    ['ONBUILD MAINTAINER someone', /MAINTAINER is not allowed as an ONBUILD trigger/],
    ['ONBUILD', /ONBUILD requires at least one argument/],
  ]);

  it('the trigger line itself is parsed now, so its ENV pairs are judged now', () => {
    expect(problemsOf('FROM alpine\nONBUILD ENV LONELY\n')).toEqual(['ENV LONELY has no value (ENV LONELY=value)']);
  });
});

describe('parseString instructions (WORKDIR, USER, STOPSIGNAL, MAINTAINER): the rest of the line is the one argument', () => {
  check([
    ['WORKDIR /app', null],
    ['WORKDIR /path with spaces', null],
    ['WORKDIR', /WORKDIR requires exactly one argument/],
    ['USER app', null],
    ['USER 1000:1000', null],
    ['USER', /USER requires exactly one argument/],
    ['STOPSIGNAL SIGTERM', null],
    ['STOPSIGNAL 9', null],
    ['STOPSIGNAL', /STOPSIGNAL requires exactly one argument/],
    ['MAINTAINER Jane Doe <jane@example.com>', null],
    ['MAINTAINER', /MAINTAINER requires exactly one argument/],
  ]);
});

describe('dispatchStopSignal: signal.ParseSignal refuses what is not a signal when the stage is built', () => {
  check([
    ['STOPSIGNAL SIGQUIT', null],
    ['STOPSIGNAL quit', null],
    ['STOPSIGNAL SIGRTMIN+3', null],
    ['STOPSIGNAL 15', null],
    ['STOPSIGNAL $STOP_SIGNAL', null],
    ['STOPSIGNAL SIGFOO', /STOPSIGNAL "SIGFOO" is not a signal/],
    ['STOPSIGNAL 0', /STOPSIGNAL "0" is not a signal/],
    ['STOPSIGNAL SIGTERM SIGINT', /STOPSIGNAL "SIGTERM SIGINT" is not a signal/],
  ]);
});

describe('parseShell: only the JSON form, with at least one string', () => {
  check([
    ['SHELL ["/bin/bash", "-o", "pipefail", "-c"]', null],
    ['SHELL ["powershell", "-command"]', null],
    ['SHELL /bin/bash -c', /SHELL requires a JSON array of strings/],
    ['SHELL []', /SHELL requires a JSON array of strings/],
    ['SHELL ["/bin/bash", 1]', /SHELL in JSON form must be an array of strings/],
  ]);
});

describe('parseVolume: at least one path, none blank', () => {
  check([
    ['VOLUME /data /cache', null],
    ['VOLUME ["/data"]', null],
    ['VOLUME []', /VOLUME requires at least one argument/],
    ['VOLUME ["/data", " "]', /VOLUME paths can not be empty/],
  ]);
});

describe('RUN --mount (runmount.go parseMount): fields, types and the options each type takes', () => {
  check([
    ['RUN --mount=type=cache,target=/root/.cache/pip pip install -r r.txt', null],
    ['RUN --mount=type=cache,target=/var/cache/apt,sharing=locked,id=apt apt-get update', null],
    ['RUN --mount=type=cache,target=/x,mode=0700,uid=1000,gid=1000 true', null],
    ['RUN --mount=type=bind,source=go.sum,target=go.sum,ro go mod download', null],
    ['RUN --mount=target=/src true', null],
    ['RUN --mount=type=bind,from=build,src=/out,dst=/out,rw true', null],
    ['RUN --mount=type=tmpfs,target=/tmp,size=64m true', null],
    ['RUN --mount=type=secret,id=npmrc,target=/root/.npmrc,required npm ci', null],
    ['RUN --mount=type=secret,id=token,env=TOKEN true', null],
    ['RUN --mount=type=ssh git clone git@example.com:r.git', null],
    ['RUN --mount=type=ssh,required=true true', null],
    ['RUN --mount=type=cache,target=$CACHE_DIR true', null],
    ['RUN --mount=type=Cache,target=/x true', null],
    ['RUN --mount=type=volume,target=/x true', /unsupported mount type "volume"/],
    ['RUN --mount=type=cache,target=/x,foo=1 true', /unknown key 'foo'/],
    ['RUN --mount=type=cache,/x true', /'\/x' must be a key=value pair/],
    ['RUN --mount=type=cache,target=/x,sharing=exclusive true', /unsupported sharing value "exclusive"/],
    ['RUN --mount=type=bind,target=/x,sharing=locked true', /'sharing' is only for cache mounts/],
    ['RUN --mount=type=bind,target=/x,size=1g true', /'size' is only for tmpfs mounts/],
    ['RUN --mount=type=tmpfs,target=/x,size=lots true', /size expects a size/],
    ['RUN --mount=type=bind,target=/x,mode=0755 true', /'mode' is not allowed for bind mounts/],
    ['RUN --mount=type=cache,target=/x,mode=rwx true', /mode expects an octal number/],
    ['RUN --mount=type=cache,target=/x,uid=app true', /uid expects a number/],
    ['RUN --mount=type=cache,target=/x,required true', /'required' is only for secret and ssh mounts/],
    ['RUN --mount=type=bind,target=/x,readonly=maybe true', /readonly expects true or false/],
    ['RUN --mount=type=secret,id=a,source=b true', /a secret mount takes source or id, not both/],
    ['RUN --mount=type=secret true', /a secret mount needs id, source or target/],
    ['RUN --mount=type=secret,id=a,from=build true', /a secret mount takes no 'from'/],
    ['RUN --mount=type=cache,from=$IMAGE,target=/x true', /'from' cannot use a variable/],
    ["RUN --mount='type=cache,\"target=/x' true", /not valid comma-separated text/],
    ["RUN --mount='type=cache,\"target=/x,y\"' true", null],
  ]);
});

describe('RUN --network and --security (runnetwork.go, runsecurity.go): a closed set of values', () => {
  check([
    ['RUN --network=none true', null],
    ['RUN --network=host true', null],
    ['RUN --network=default true', null],
    ['RUN --network=bridge true', /--network must be default, none or host, not "bridge"/],
    ['RUN --security=insecure true', null],
    ['RUN --security=sandbox true', null],
    ['RUN --security=privileged true', /--security must be sandbox or insecure/],
    ['RUN --device=/dev/fuse true', /RUN --device needs the labs Dockerfile syntax/],
  ]);
});

describe('through the whole front end: a refused instruction is a parse problem of its file, the rest still parsed', () => {
  it('reports each refused line of a project once, on its line', async () => {
    const project = await loadCase(
      tempTree({ Dockerfile: 'FROM alpine\nCOPY --platform=linux/amd64 a /a\nHEALTHCHECK --retries=-1 CMD true\nRUN --mount=type=cache,target=/x true\n' }),
    );
    expect(project.problems.map((problem) => [problem.location.range.start.line, problem.message.split(':')[0]])).toEqual([
      [2, 'unknown flag --platform'],
      [3, '--retries must be 0 or more, not -1'],
    ]);
  });
});
