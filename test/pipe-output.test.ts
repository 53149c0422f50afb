/**
 * The command line's output through a pipe: written asynchronously once the pipe's buffer is full, so a
 * report far larger than that buffer shows whether the process waits for it before it exits, and a
 * reader that stops early (`dockerlint | head`) whether the run ends quietly.
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempTree } from './helpers/tmp.js';

const cli = path.resolve(import.meta.dirname, '../dist/bin.js');

/** 60 services whose Dockerfiles break several rules on every line: a report of about a megabyte. */
function noisyRepo(): string {
  const install = 'RUN apt-get update && apt-get install curl wget git\n'.repeat(20);
  return tempTree(Object.fromEntries(Array.from({ length: 60 }, (_, index) => [`svc${index}/Dockerfile`, `FROM ubuntu\n${install}`])));
}

describe('output through a pipe', () => {
  it('is whole however large the report, and the exit code is the lint result', () => {
    const result = spawnSync(process.execPath, [cli, '--format', 'json', '.'], { cwd: noisyRepo(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(result.stdout.length).toBeGreaterThan(1024 * 1024);
    const report = JSON.parse(result.stdout) as { summary: { errors: number } };
    expect(report.summary.errors).toBeGreaterThan(1000);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
  });

  it('ends quietly with the lint result when the reader closes it early (`dockerlint | head`)', async () => {
    const child = spawn(process.execPath, [cli, '.'], { cwd: noisyRepo(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const status = await new Promise<number | null>((resolve) => {
      child.on('close', resolve);
    });
    expect(stderr).toBe('');
    expect(status).toBe(1);
  });
});
