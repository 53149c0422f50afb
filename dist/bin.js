#!/usr/bin/env node
import { createRequire as __dockerlintCreateRequire } from 'node:module'; const require = __dockerlintCreateRequire(import.meta.url);
if(process.env.DOCKERLINT_DEBUG)process.setSourceMapsEnabled(true);var{main}=await import("./cli-IJH2GYIE.js");process.exitCode=await main(process.argv.slice(2),{cwd:process.cwd(),env:process.env,stdout:text=>process.stdout.write(text),stderr:text=>process.stderr.write(text),isTTY:process.stdout.isTTY,stdin:process.stdin});
