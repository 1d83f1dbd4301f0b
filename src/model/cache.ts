/**
 * The results of a pure function of a text key, remembered: the callers read the same texts over
 * and over (a heading per cell, a target per period). Results are shared, so never to be changed;
 * the cache is emptied when it reaches `limit` entries, as the texts of a hostile file are endless.
 */
export function textCache<V>(limit = 4096): (key: string, compute: () => V) => V {
  const known = new Map<string, V>();
  return (key, compute) => {
    let value = known.get(key);
    if (value === undefined) {
      if (known.size >= limit) known.clear();
      value = compute();
      known.set(key, value);
    }
    return value;
  };
}
