#!/usr/bin/env node
// The bundle is loaded after these lines run: with DOCKERLINT_DEBUG, stack traces then point into src/.
if (process.env.DOCKERLINT_DEBUG) process.setSourceMapsEnabled(true);
const { main } = await import('./cli.js');

process.exitCode = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: process.stdout.isTTY,
  stdin: process.stdin,
});
