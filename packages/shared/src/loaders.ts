import DataLoader from 'dataloader';

/**
 * A per-request DataLoader over a batch lookup that returns rows in any order: results come back
 * in key order, `null` where a key has no row.
 */
export function keyedLoader<K extends string, V>(
  fetchMany: (keys: readonly K[]) => Promise<V[]>,
  keyOf: (value: V) => K,
): DataLoader<K, V | null> {
  return new DataLoader<K, V | null>(async (keys) => {
    const rows = await fetchMany(keys);
    const byKey = new Map(rows.map((row) => [keyOf(row), row]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** Like `keyedLoader`, for one-to-many lookups: every key gets the (possibly empty) list of its rows. */
export function groupedLoader<K extends string, V>(
  fetchMany: (keys: readonly K[]) => Promise<V[]>,
  keyOf: (value: V) => K,
): DataLoader<K, V[]> {
  return new DataLoader<K, V[]>(async (keys) => {
    const rows = await fetchMany(keys);
    const byKey = new Map<K, V[]>();
    for (const row of rows) {
      const key = keyOf(row);
      const list = byKey.get(key);
      if (list) list.push(row);
      else byKey.set(key, [row]);
    }
    return keys.map((key) => byKey.get(key) ?? []);
  });
}
