/** The catalog of the demo city: categories and products with names, prices, tags and blurbs. */
import { CATEGORIES, PROMO_TAGS, TAG_PHRASES, type BaseItem, type CategorySpec, type Qualifier, type Size } from './catalog-words';
import { CURRENCY, idMaker, shelfPrice } from './common';
import { hashUnit, stringHash, type Random } from './random';
import type { CategoryRecord, ProductRecord } from './types';

interface NameCombo {
  qualifier: Qualifier | null;
  brand: string | null;
  size: Size;
  pack: number;
}

export function generateCatalog(rng: Random, count: number): { categories: CategoryRecord[]; products: ProductRecord[] } {
  const categories = CATEGORIES.map((c) => ({ id: `cat_${c.slug.replace(/-/g, '_')}`, name: c.name, slug: c.slug }));
  const shares = allocate(count, CATEGORIES.map((c) => c.weight));
  const productId = idMaker('prd', 5, count);
  const skuWidth = Math.max(5, String(count).length);
  const brandFactor = new Map<string, number>();
  const usedNames = new Set<string>();
  const products: ProductRecord[] = [];

  CATEGORIES.forEach((spec, c) => {
    const catRng = rng.fork(spec.slug);
    const basePrice = spec.items.map((item) => catRng.int(item.price[0], item.price[1]));
    for (const combo of categoryCombos(spec, catRng, shares[c]!, usedNames)) {
      const item = spec.items[combo.itemIndex]!;
      const name = productName(item, combo);
      usedNames.add(name);
      const index = products.length;
      const brandPrice = combo.brand ? brandPriceFactor(brandFactor, combo.brand) : 1;
      const cents =
        basePrice[combo.itemIndex]! *
        (combo.qualifier?.priceFactor ?? 1) *
        combo.size[1] *
        brandPrice *
        combo.pack *
        (combo.pack > 1 ? 0.95 : 1) *
        catRng.float(0.95, 1.08);
      const tags = productTags(spec, item, combo.qualifier, catRng);
      products.push({
        id: productId(index),
        sku: `${spec.code}-${String(index + 1).padStart(skuWidth, '0')}`,
        name,
        description: describe(spec, item, tags, catRng),
        categoryId: categories[c]!.id,
        priceCents: shelfPrice(cents),
        currency: CURRENCY,
        imageUrl: `https://images.quickcommerce.example/products/${productId(index)}.jpg`,
        tags,
      });
    }
  });
  return { categories, products };
}

/** Splits `total` over weights (largest remainder); every share gets one first when there is enough. */
function allocate(total: number, weights: readonly number[]): number[] {
  const shares = weights.map(() => 0);
  let left = total;
  if (total >= weights.length) {
    shares.fill(1);
    left -= weights.length;
  }
  const sum = weights.reduce((s, w) => s + w, 0);
  const exact = weights.map((w) => (left * w) / sum);
  exact.forEach((x, i) => (shares[i]! += Math.floor(x)));
  let rest = total - shares.reduce((s, v) => s + v, 0);
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; rest > 0; k = (k + 1) % byRemainder.length, rest--) shares[byRemainder[k]![1]]! += 1;
  return shares;
}

/**
 * `count` distinct products of a category: first every item in its plain form ("Bananas"), then
 * with each qualifier ("Organic Whole Milk 1 L"), then its other sizes, then brands and
 * qualifiers mixed; multipacks when even that runs out (only at very large catalogs).
 */
function* categoryCombos(spec: CategorySpec, rng: Random, count: number, used: Set<string>): Generator<NameCombo & { itemIndex: number }> {
  const queues = spec.items.map((item) => combosOf(spec, item, rng));
  let produced = 0;
  for (let pack = 1; produced < count; pack++) {
    const cursors = queues.map(() => 0);
    let progressed = true;
    while (produced < count && progressed) {
      progressed = false;
      for (let i = 0; i < queues.length && produced < count; i++) {
        const queue = queues[i]!;
        while (cursors[i]! < queue.length) {
          const combo = { ...queue[cursors[i]!++]!, pack, itemIndex: i };
          progressed = true;
          if (used.has(productName(spec.items[i]!, combo))) continue;
          produced++;
          yield combo;
          break;
        }
      }
    }
  }
}

function combosOf(spec: CategorySpec, item: BaseItem, rng: Random): NameCombo[] {
  const qualifiers = spec.qualifiers.filter((qual) => !item.avoid?.includes(qual.word));
  const [first, ...otherSizes] = item.sizes;
  const leading: NameCombo[] = [
    { qualifier: null, brand: null, size: first!, pack: 1 },
    ...qualifiers.map((qualifier) => ({ qualifier, brand: null, size: first!, pack: 1 })),
    ...otherSizes.map((size) => ({ qualifier: null, brand: null, size, pack: 1 })),
  ];
  const rest: NameCombo[] = [];
  for (const qualifier of [null, ...qualifiers]) {
    for (const brand of spec.brands) {
      for (const size of item.sizes) rest.push({ qualifier, brand, size, pack: 1 });
    }
    if (qualifier) for (const size of otherSizes) rest.push({ qualifier, brand: null, size, pack: 1 });
  }
  return [...leading, ...rng.shuffle(rest)];
}

function productName(item: BaseItem, combo: NameCombo): string {
  const base = [combo.brand, combo.qualifier?.word, item.name, combo.size[0]].filter(Boolean).join(' ');
  return combo.pack > 1 ? `${base} ×${combo.pack}` : base;
}

function brandPriceFactor(cache: Map<string, number>, brand: string): number {
  let factor = cache.get(brand);
  if (factor === undefined) {
    // House brands are cheaper or dearer by design; other brands get a stable premium of their own.
    factor = brand === 'QC Basics' ? 0.8 : brand === 'QC Select' ? 1.2 : 0.9 + 0.35 * hashUnit(stringHash(brand));
    cache.set(brand, factor);
  }
  return factor;
}

function productTags(spec: CategorySpec, item: BaseItem, qualifier: Qualifier | null, rng: Random): string[] {
  const tags = new Set([...(spec.tags ?? []), ...(item.tags ?? []), ...(qualifier?.tags ?? [])]);
  if (tags.has('vegan')) tags.add('vegetarian');
  for (const [tag, p] of PROMO_TAGS) if (rng.chance(p)) tags.add(tag);
  return [...tags].sort();
}

function describe(spec: CategorySpec, item: BaseItem, tags: readonly string[], rng: Random): string {
  const phrases = Object.entries(TAG_PHRASES)
    .filter(([tag]) => tags.includes(tag) && !(tag === 'vegetarian' && tags.includes('vegan')))
    .map(([, phrase]) => phrase);
  return [rng.pick(spec.blurbs), `${item.name} from our ${spec.name.toLowerCase()} shelf.`, ...phrases].join(' ');
}
