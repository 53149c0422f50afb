import { describe, expect, it } from 'vitest';
import { interpreterOf } from '../src/project/shebang.js';

describe('interpreterOf', () => {
  it.each([
    ['#!/bin/sh\necho', 'sh'],
    ['#! /usr/local/bin/bash -e\n', 'bash'],
    ['#!/usr/bin/env bash', 'bash'],
    ['#!/usr/bin/env -S bash -eu\n', 'bash'],
    ['#!/usr/bin/env -i PATH=/bin python3 -u\n', 'python3'],
    ['#!/usr/bin/python3\r\n', 'python3'],
    ['#!\n', ''],
  ])('%j runs %j', (text, expected) => {
    expect(interpreterOf(text)).toBe(expected);
  });

  it('is null without a #! line at the very start', () => {
    for (const text of ['', 'echo hi\n', ' #!/bin/sh\n', '\n#!/bin/sh\n']) expect(interpreterOf(text)).toBeNull();
  });
});
