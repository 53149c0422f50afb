import { describe, expect, it } from 'vitest';
import { buildFailure, logTail, parseProgress, stepLabel } from '../../src/verify/progress.js';

// Shapes recorded from Docker 20.10's BuildKit: steps out of order, a header repeated when output
// resumes, output lines that happen to say CACHED, a FROM vertex named after another stage.
const LOG = `#1 [internal] load build definition from Dockerfile
#1 transferring dockerfile: 394B 0.1s done
#1 DONE 0.1s

#4 [list 1/3] FROM docker.io/dockerlint-test/busybox:1
#4 CACHED

#12 [empty 1/1] COPY c.txt /
#12 CACHED

#5 [deps 2/4] WORKDIR /app
#5 CACHED

#8 [deps 4/4] RUN echo deps > /deps
#8 0.286 CACHED
#9 [build 1/2] COPY b.txt ./
#8 [deps 4/4] RUN echo deps > /deps
#8 DONE 0.5s

#9 DONE 0.1s
#10 [2/2] RUN npm ci
#10 ERROR: executor failed running [/bin/sh -c npm ci]: exit code: 1
#11 [stage-3 2/4] COPY --from=build /app/b.txt /b
#11 CANCELED
#13 [stage-3 3/4] COPY --from=empty /c.txt /c
------
 > [2/2] RUN npm ci:
------
executor failed running [/bin/sh -c npm ci]: exit code: 1
`;

describe('parseProgress', () => {
  it('lists each stage step once, in order of appearance, with how it ended', () => {
    expect(parseProgress(LOG)).toEqual([
      { vertex: 4, label: 'list', index: 1, total: 3, instruction: 'FROM docker.io/dockerlint-test/busybox:1', state: 'cached', seconds: null, error: null },
      { vertex: 12, label: 'empty', index: 1, total: 1, instruction: 'COPY c.txt /', state: 'cached', seconds: null, error: null },
      { vertex: 5, label: 'deps', index: 2, total: 4, instruction: 'WORKDIR /app', state: 'cached', seconds: null, error: null },
      { vertex: 8, label: 'deps', index: 4, total: 4, instruction: 'RUN echo deps > /deps', state: 'done', seconds: 0.5, error: null },
      { vertex: 9, label: 'build', index: 1, total: 2, instruction: 'COPY b.txt ./', state: 'done', seconds: 0.1, error: null },
      {
        vertex: 10,
        label: null,
        index: 2,
        total: 2,
        instruction: 'RUN npm ci',
        state: 'error',
        seconds: null,
        error: 'executor failed running [/bin/sh -c npm ci]: exit code: 1',
      },
      { vertex: 11, label: 'stage-3', index: 2, total: 4, instruction: 'COPY --from=build /app/b.txt /b', state: 'canceled', seconds: null, error: null },
      { vertex: 13, label: 'stage-3', index: 3, total: 4, instruction: 'COPY --from=empty /c.txt /c', state: 'unfinished', seconds: null, error: null },
    ]);
  });

  it('reads CRLF logs and finds nothing in a log without stage steps', () => {
    expect(parseProgress('#3 [a 1/1] RUN x\r\n#3 CACHED\r\n').map((step) => step.state)).toEqual(['cached']);
    expect(parseProgress('#1 [internal] load .dockerignore\n#1 CACHED\n')).toEqual([]);
  });

  it('lets a failure outrank an earlier CACHED of a shared vertex', () => {
    expect(parseProgress('#3 [a 1/1] RUN x\n#3 CACHED\n#3 ERROR: boom\n#3 DONE 1.0s\n')[0]).toMatchObject({ state: 'error', error: 'boom' });
  });
});

describe('stepLabel', () => {
  it.each([
    [{ label: 'deps', index: 3, total: 4 }, '[deps 3/4]'],
    [{ label: null, index: 5, total: 9 }, '[5/9]'],
  ])('%o → %s', (step, expected) => {
    expect(stepLabel(step)).toBe(expected);
  });
});

describe('buildFailure and logTail', () => {
  it("prefers a step's ERROR line", () => {
    expect(buildFailure(LOG)).toBe('executor failed running [/bin/sh -c npm ci]: exit code: 1');
  });

  it("falls back to the client's error line, then to the last line", () => {
    expect(buildFailure('#1 [internal] load\nerror: failed to solve: rpc error: code = Unknown\nbye\n')).toBe('error: failed to solve: rpc error: code = Unknown');
    expect(buildFailure('one\n\ntwo\n')).toBe('two');
    expect(buildFailure('')).toBe('the build failed without output');
  });

  it('keeps the last non-empty lines', () => {
    expect(logTail('a\n\nb\r\nc\n\n', 2)).toEqual(['b', 'c']);
  });
});
