// What dist/dockerlint.cjs exports: the command line for bin.ts (main, hasLinted), and the package's API (src/index.ts)
// that dist/lint.js re-exports. One bundle serves both, so the package holds one copy of the code.
export { hasLinted, main } from './cli.js';
export * from './index.js';
