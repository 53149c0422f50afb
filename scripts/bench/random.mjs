// A small seeded random source, so every run of the benchmark generates byte-identical corpora.

/** mulberry32: 32-bit state, good enough spread for picking corpus content; not for anything secret. */
export function createRandom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min, max) => min + Math.floor(next() * (max - min + 1));
  const pick = (items) => items[Math.floor(next() * items.length)];
  const chance = (probability) => next() < probability;
  /** `count` distinct items in a random order. */
  const sample = (items, count) => {
    const pool = [...items];
    const chosen = [];
    while (chosen.length < count && pool.length > 0) chosen.push(pool.splice(Math.floor(next() * pool.length), 1)[0]);
    return chosen;
  };
  /** Splits `total` into `parts` integers in [min, max] that add up to `total` exactly. */
  const partition = (total, parts, min, max) => {
    if (parts * min > total || parts * max < total) throw new Error(`cannot split ${total} into ${parts} parts of ${min}..${max}`);
    const sizes = Array.from({ length: parts }, () => min);
    let left = total - parts * min;
    while (left > 0) {
      const index = Math.floor(next() * parts);
      if (sizes[index] < max) {
        sizes[index]++;
        left--;
      }
    }
    return sizes;
  };
  return { next, int, pick, chance, sample, partition };
}
