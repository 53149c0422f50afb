import rule from '../../src/rules/local-image-resolvable.js';
import { ruleTests } from '../helpers/rule-tester.js';

const BASE_NODE = { 'docker/base-node/Dockerfile': 'FROM node:22-bookworm-slim\nRUN apt-get update\n' };

ruleTests(rule, {
  valid: [
    {
      name: 'compose-declared and directory images, COPY --from, RUN --mount from, a named context that looks local (fixture)',
      fixture: 'fixtures/local-image-resolvable/all-resolved',
    },
    {
      name: 'upstream images and registry images are never local',
      files: { 'api/Dockerfile': 'FROM node:22 AS deps\nFROM ghcr.io/acme/base-node:1 AS build\nCOPY --from=docker.io/library/base-x:1 /a /a\n' },
    },
    {
      name: 'a stage named like a local image, even when referenced before it is defined, and stage indexes',
      files: { 'api/Dockerfile': 'FROM alpine:3.20 AS base-tools\nFROM alpine:3.20\nCOPY --from=base-later /x /x\nCOPY --from=0 /y /y\nFROM alpine:3.20 AS base-later\n' },
    },
    {
      name: 'a base-* directory produces its image at every tag: FROM base-python-ml:2024.06 and FROM base-python-ml (fixture)',
      fixture: 'fixtures/local-image-resolvable/tagged-base',
    },
    {
      name: 'an images entry without a tag produces every tag; with a registry the name is pulled',
      files: {
        'images/ml/Dockerfile': 'FROM python:3.12-slim\n',
        'api/Dockerfile': 'FROM acme-ml:3.1 AS deps\nFROM acme-ml:latest AS runtime\nFROM ghcr.io/acme/acme-ml:3.1 AS pulled\n',
      },
      settings: { images: { 'acme-ml': { dockerfile: 'images/ml/Dockerfile' } } },
      options: { localImages: ['acme-*'] },
    },
    {
      name: 'a compose service that runs a base image uses it',
      files: { ...BASE_NODE, 'compose.yaml': 'services:\n  shell:\n    image: base-node:latest\n    command: ["bash"]\n' },
    },
    {
      name: 'variants: a declared runtime variant in use, the directory name unused',
      files: {
        'docker/base-node/Dockerfile': 'FROM debian:12-slim AS runtime\nFROM node:22 AS toolchain\n',
        'api/Dockerfile': 'FROM node-toolchain:latest AS deps\nFROM node-runtime:latest AS runtime\n',
      },
      settings: {
        images: {
          'node-toolchain:latest': { dockerfile: 'docker/base-node/Dockerfile', target: 'toolchain' },
          'node-runtime:latest': { dockerfile: 'docker/base-node/Dockerfile', target: 'runtime' },
        },
      },
    },
  ],
  invalid: [
    {
      name: 'FROM base-python-pose-typo:latest with no producer (fixture)',
      fixture: 'fixtures/local-image-resolvable/typo',
      errors: [
        {
          messageId: 'unresolvedDidYouMean',
          data: { image: 'base-python-pose-typo:latest', suggestions: "'base-python-pose:latest'" },
          file: 'backend/pose-service/Dockerfile',
          line: 2,
          column: 6,
          endLine: 2,
          endColumn: 34,
        },
      ],
    },
    {
      name: 'a base image that no Dockerfile uses (fixture)',
      fixture: 'fixtures/local-image-resolvable/unused-base',
      errors: [
        {
          messageId: 'unusedBase',
          data: { images: "'base-python:latest'", file: 'backend/docker/base-python/Dockerfile' },
          file: 'backend/docker/base-python/Dockerfile',
          line: 1,
          column: 1,
        },
      ],
    },
    {
      name: 'a misspelt repository suggests the local image, any tag of a directory image resolves; COPY --from and RUN --mount from are located at the name',
      files: {
        ...BASE_NODE,
        'api/Dockerfile': 'FROM base-node:20 AS deps\nCOPY --from=base-nod:22 /usr/local/bin/node /n\nRUN --mount=type=bind,from=base-nod,target=/t true\nFROM base-node AS runtime\n',
      },
      errors: [
        { messageId: 'unresolvedDidYouMean', data: { image: 'base-nod:22', suggestions: "'base-node:latest'" }, file: 'api/Dockerfile', line: 2, column: 13, endColumn: 24 },
        { messageId: 'unresolvedDidYouMean', data: { image: 'base-nod:latest', suggestions: "'base-node:latest'" }, file: 'api/Dockerfile', line: 3, column: 28, endColumn: 36 },
      ],
    },
    {
      name: 'a tag the images setting does not build: the declared tag is suggested',
      files: { 'images/ml/Dockerfile': 'FROM python:3.12-slim\n', 'api/Dockerfile': 'FROM acme-ml:3.2\n' },
      settings: { images: { 'acme-ml:3.1': { dockerfile: 'images/ml/Dockerfile' } } },
      options: { localImages: ['acme-*'] },
      errors: [{ messageId: 'unresolvedDidYouMean', data: { image: 'acme-ml:3.2', suggestions: "'acme-ml:3.1'" }, file: 'api/Dockerfile', line: 1, column: 6 }],
    },
    {
      name: 'no close name: the known local images are listed',
      files: { ...BASE_NODE, 'api/Dockerfile': 'FROM base-node AS deps\nFROM base-golang-toolchain:1.23 AS build\n' },
      errors: [{ messageId: 'unresolvedKnown', data: { image: 'base-golang-toolchain:1.23', known: 'base-node:latest' }, file: 'api/Dockerfile', line: 2, column: 6 }],
    },
    {
      name: 'no local image at all; the localImages option',
      files: { 'api/Dockerfile': 'FROM acme/node-base:2 AS deps\nFROM base-node:latest AS build\n' },
      options: { localImages: ['acme/*'] },
      errors: [{ messageId: 'unresolvedNoImages', data: { image: 'acme/node-base:2' }, file: 'api/Dockerfile', line: 1, column: 6 }],
    },
    {
      name: 'a declared variant nobody uses, with where compose declares it',
      files: {
        'compose.yaml': 'services:\n  base-node:\n    image: base-node:latest\n    build:\n      context: docker/base-node\n      target: toolchain\n',
        'docker/base-node/Dockerfile': 'FROM debian:12-slim AS runtime\nCOPY --from=node:22 /usr/local/bin/node /usr/local/bin/node\n\nFROM node:22 AS toolchain\n',
        'api/Dockerfile': 'FROM base-node:latest AS deps\n',
      },
      settings: { images: { 'base-node-runtime:latest': { dockerfile: 'docker/base-node/Dockerfile', target: 'runtime' } } },
      errors: [
        {
          messageId: 'unusedVariant',
          data: { image: 'base-node-runtime:latest', file: 'docker/base-node/Dockerfile', stage: 'runtime' },
          file: 'docker/base-node/Dockerfile',
          line: 1,
          column: 1,
        },
      ],
    },
    {
      name: 'an unused base declared in compose points at its declaration; uses inside its own Dockerfile do not count',
      files: {
        'compose.yaml': 'services:\n  base-py:\n    image: base-py:3.12\n    build:\n      context: docker/base-py\n',
        'docker/base-py/Dockerfile': 'FROM python:3.12-slim AS system\nFROM system AS venv\nCOPY --from=base-py:3.12 /opt/venv /opt/old-venv\n',
      },
      errors: [
        {
          messageId: 'unusedBase',
          data: { images: "'base-py:3.12' and 'base-py:latest'", file: 'docker/base-py/Dockerfile' },
          file: 'docker/base-py/Dockerfile',
          line: 2,
          column: 1,
          related: [{ file: 'compose.yaml', line: 3, column: 12 }],
        },
      ],
    },
  ],
});
