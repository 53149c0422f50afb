import micromatch from 'micromatch';

/** Is a file a dependency manifest (its base name matches one of the `manifests` globs)? */
export function isManifest(path: string, manifests: readonly string[]): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return micromatch.isMatch(name, manifests, { dot: true });
}
