import { describe, expect, it } from 'vitest';
import { hintsFor } from '../../src/verify/verify.js';
import { loadCase } from '../helpers/rule-tester.js';
import { tempTree } from '../helpers/tmp.js';

async function dockerfile(text: string) {
  const project = await loadCase(tempTree({ Dockerfile: text }));
  const doc = project.dockerfiles[0];
  if (!doc) throw new Error('no Dockerfile');
  return doc;
}

const BRIDGE = 'RUN steps have no network: the daemon runs without a default bridge network (dockerd --bridge=none). Run verify with --network host.';
const NETWORK = 'A step could not reach the network. If builds need the host network here, run verify with --network host.';
const REGISTRY = 'BuildKit could not fetch an image from a registry: pull it beforehand, or build it first if it is one of your base images.';
const FRONTEND =
  'The `# syntax=docker/dockerfile:1.7` line makes BuildKit fetch that frontend image from a registry. Without one, pull it beforehand or remove the line to use the built-in frontend.';

// Failure lines as Docker 20.10 printed them on a machine without a registry or a bridge network.
const FRONTEND_LOG =
  '#3 resolve image config for docker.io/docker/dockerfile:1.7\n#3 ERROR: failed to do request: Head "https://registry.invalid/v2/docker/dockerfile/manifests/1.7": dial tcp: lookup registry.invalid: no such host\n';
const BASE_LOG = '#4 [internal] load metadata for docker.io/library/node:24\n#4 ERROR: failed to do request: Head "https://registry.invalid/v2/library/node/manifests/24": dial tcp: lookup registry.invalid: no such host\n';

describe('hintsFor', () => {
  it.each([
    ['a RUN step without a bridge network', 'FROM node:20\nRUN npm ci\n', '#6 ERROR: executor failed running [/bin/sh -c npm ci]: network bridge not found\n', [BRIDGE]],
    ['a RUN step that cannot resolve a host', 'FROM node:20\nRUN npm ci\n', '#6 12.1 npm ERR! getaddrinfo EAI_AGAIN registry.invalid\n', [NETWORK]],
    ['the syntax directive’s frontend out of reach', '# syntax=docker/dockerfile:1.7\nFROM node:20\n', FRONTEND_LOG, [FRONTEND]],
    ['a base image out of reach, with a syntax directive that was not the problem', '# syntax=docker/dockerfile:1.7\nFROM node:24\n', BASE_LOG, [REGISTRY]],
    ['a base image out of reach', 'FROM node:24\n', BASE_LOG, [REGISTRY]],
    ['a failing command', 'FROM node:20\nRUN false\n', '#6 ERROR: executor failed running [/bin/sh -c false]: exit code: 1\n', []],
  ])('%s', async (_, text, log, expected) => {
    expect(hintsFor(log, await dockerfile(text))).toEqual(expected);
  });

  it('reads the directive only where BuildKit does, at the top of the file', async () => {
    expect(hintsFor(FRONTEND_LOG, await dockerfile('FROM node:20\n# syntax=docker/dockerfile:1.7\n'))).toEqual([REGISTRY]);
    expect(hintsFor(FRONTEND_LOG, await dockerfile('# escape=\\\n# syntax=docker/dockerfile:1.7\nFROM node:20\n'))).toEqual([FRONTEND]);
  });
});
