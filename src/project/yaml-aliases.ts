/**
 * The alias bound Compose's YAML decoder (go-yaml v3) applies: it counts every node it decodes, and
 * those it decodes inside an alias, and refuses the document ("document contains excessive aliasing")
 * once aliases supply too large a share of it. One anchor used in hundreds of places is fine; a
 * "billion laughs" document, whose aliases multiply each other, is refused after a few thousand nodes.
 */
import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Alias, Node } from 'yaml';

/** Up to this many decoded nodes, 99% may come from aliases. */
const RATIO_RANGE_LOW = 400_000;
/** From this many on, 10%; linear in between. */
const RATIO_RANGE_HIGH = 4_000_000;

export function allowedAliasRatio(decoded: number): number {
  if (decoded <= RATIO_RANGE_LOW) return 0.99;
  if (decoded >= RATIO_RANGE_HIGH) return 0.1;
  return 0.99 - 0.89 * ((decoded - RATIO_RANGE_LOW) / (RATIO_RANGE_HIGH - RATIO_RANGE_LOW));
}

/** go-yaml's test, made after each node it decodes. */
export function isExcessiveAliasing(fromAliases: number, decoded: number): boolean {
  return fromAliases > 100 && decoded > 1000 && fromAliases / decoded > allowedAliasRatio(decoded);
}

class ExcessiveAliasing extends Error {
  constructor(readonly alias: Alias) {
    super('excessive aliasing');
  }
}

/**
 * Decodes the document's nodes in go-yaml's order, counting as it does: keys and values, alias nodes
 * and what they expand to, and for a merge key (`<<`) the mapping's keys once more and the merged
 * entries its own keys do not override. Returns the outermost alias being expanded when the bound is
 * passed, or `null` when the document is within it. The walk stops there, so it is bounded too.
 */
export function excessiveAlias(
  root: Node | null,
  resolve: (alias: Alias) => Node | null,
  isMergeKey: (key: unknown) => boolean,
): Alias | null {
  let decoded = 0;
  let fromAliases = 0;
  /** The outermost alias being expanded, where a refusal is reported. */
  let outermost: Alias | null = null;

  const count = (): void => {
    decoded++;
    if (outermost !== null) fromAliases++;
    if (outermost !== null && isExcessiveAliasing(fromAliases, decoded)) throw new ExcessiveAliasing(outermost);
  };

  /** Decodes a node; `skipKeys`: keys already set by the mapping a merge goes into (their values are not decoded). */
  const decode = (node: Node | null, skipKeys?: Set<string>): void => {
    count();
    if (node === null) return;
    if (isAlias(node)) {
      const target = resolve(node);
      const outer = outermost;
      outermost ??= node;
      // An anchor that contains its own alias is refused on its own.
      if (target !== null && !containsAlias(target, node)) decode(target, skipKeys);
      outermost = outer;
      return;
    }
    if (isSeq(node)) {
      for (const item of node.items) decode(item as Node);
      return;
    }
    if (!isMap(node)) return;
    let merge: Node | null = null;
    for (const pair of node.items) {
      if (isMergeKey(pair.key)) {
        merge = pair.value as Node | null;
        continue;
      }
      decode(pair.key as Node | null);
      const name = keyText(pair.key);
      if (skipKeys !== undefined && name !== null) {
        if (skipKeys.has(name)) continue;
        skipKeys.add(name);
      }
      decode(pair.value as Node | null);
    }
    if (merge === null) return;
    // go-yaml decodes the mapping's keys again to know which merged entries they override.
    const own = new Set<string>();
    for (const pair of node.items) {
      count();
      const name = keyText(pair.key);
      if (name !== null && !isMergeKey(pair.key)) own.add(name);
    }
    if (isSeq(merge)) {
      for (const source of [...merge.items].reverse()) decode(source as Node, own);
    } else {
      decode(merge, own);
    }
  };

  try {
    decode(root);
    return null;
  } catch (error) {
    if (error instanceof ExcessiveAliasing) return error.alias;
    throw error;
  }
}

function keyText(key: unknown): string | null {
  return isScalar(key) ? String(key.value) : null;
}

/** Whether `alias` sits inside `node` (a self-referring anchor, which would never end). */
function containsAlias(node: Node, alias: Alias): boolean {
  const range = node.range;
  const at = alias.range;
  return range !== undefined && range !== null && at !== undefined && at !== null && range[0] <= at[0] && at[1] <= range[1];
}
