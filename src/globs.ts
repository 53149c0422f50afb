import micromatch from 'micromatch';

const compiledGlobs = new Map<string, (value: string) => boolean>();

/**
 * A compiled test for "matches one of these globs", made once per list: `micromatch.isMatch` compiles
 * its patterns on every call, which dominates when thousands of files are asked about.
 */
export function globMatcher(globs: readonly string[], options: micromatch.Options = {}): (value: string) => boolean {
  const key = JSON.stringify([globs, options]);
  let test = compiledGlobs.get(key);
  if (test === undefined) {
    const tests = globs.map((glob) => micromatch.matcher(glob, options));
    test = (value) => tests.some((matches) => matches(value));
    compiledGlobs.set(key, test);
  }
  return test;
}
