import type { Knex } from '@qc/shared';
import type { WordCorrection } from './types';

/**
 * Below this trigram similarity a vocabulary word is not a plausible reading of a typed word the
 * vocabulary does not know. pg_trgm's `%` operator (default threshold 0.3, below this) finds the
 * candidates through the index.
 */
export const CORRECTION_SIMILARITY = 0.35;
/**
 * The stricter bar for a typed word the vocabulary knows: it may still be a typo that made it into
 * some product name ("Bananna Split"), but its close neighbours are more often other real words.
 */
export const KNOWN_WORD_CORRECTION_SIMILARITY = 0.5;
/** Corrections kept per typed word, closest first. */
export const CORRECTIONS_PER_WORD = 3;

/** The typed words worth correcting: each once, 3+ characters (shorter ones have too many neighbours). */
export const correctableWords = (words: readonly string[]): string[] => [...new Set(words)].filter((word) => [...word].length >= 3);

/**
 * The SQL of `correctionsFor`, unordered and with each correction's `closeness` (its order within the
 * typed word, closest first), with `typed` (the placeholder of a text[] of `correctableWords`) where
 * the words go: `SearchVocabularyRepository` runs the same text inside its prepared statement. The
 * thresholds are constants, written into the text.
 *
 * `LIMIT cardinality(…)` changes nothing but the generic plan's estimate: for an array parameter
 * Postgres guesses 10 elements, so the generic plan of the prepared statement looked ten times as
 * costly as a custom one (199 vs 24) and Postgres planned the statement anew on every search (0.5 ms of
 * its 0.8). A LIMIT it cannot evaluate while planning it takes to keep a tenth: one word.
 */
export const correctionsSql = (typed: string): string =>
  `SELECT t.typed, c.word, c.closeness
   FROM (SELECT unnest(${typed}) LIMIT cardinality(${typed})) AS t(typed)
   CROSS JOIN LATERAL (
     SELECT word, similarity(word, t.typed) AS closeness FROM search_words
     WHERE word % t.typed AND word <> t.typed
       AND similarity(word, t.typed) >= CASE
         WHEN EXISTS (SELECT 1 FROM search_words known WHERE known.word = t.typed) THEN ${KNOWN_WORD_CORRECTION_SIMILARITY}::real ELSE ${CORRECTION_SIMILARITY}::real END
     ORDER BY closeness DESC, word
     LIMIT ${CORRECTIONS_PER_WORD}
   ) c`;

/** The vocabulary of product-name words (kept by triggers on products), for typo correction. */
export class SearchWordRepository {
  constructor(private readonly db: Knex) {}

  /** For each typed word of 3+ characters, up to three other vocabulary words it may have meant, closest first. */
  async correctionsFor(words: readonly string[]): Promise<WordCorrection[]> {
    const typed = correctableWords(words);
    if (typed.length === 0) return [];
    const result = await this.db.raw<{ rows: WordCorrection[] }>(`SELECT typed, word FROM (${correctionsSql('?::text[]')}) c ORDER BY typed, closeness DESC, word`, [typed, typed]);
    return result.rows;
  }
}
