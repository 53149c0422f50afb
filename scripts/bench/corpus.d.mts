// Types of the corpus generator, for the tests that lint a generated corpus.
export interface GeneratedRepo {
  inventory: Record<'compose' | 'dockerfile' | 'dockerignore' | 'script' | 'env' | 'other', string[]>;
  dropped: string[];
}

export function generateLargeRepo(
  root: string,
  options: { seed: number; composeFiles: number; serviceCount: number; dockerfileCount: number; knownRuleIds: ReadonlySet<string> },
): GeneratedRepo;
