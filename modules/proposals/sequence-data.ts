/*
 * What the card stack receives: the cards of one stack, in the order to show them, and what the
 * page needs around them. Written by sequence.server.ts, drawn by card-stack.tsx.
 */

/** Where the stack is shown, which is where its votes come from. */
export type SequenceSource = 'sequence' | 'widget';

/** One proposal of the stack. */
export interface SequenceCard {
  id: string;
  /**
   * The card's key, binding the proposal to the reader: a vote sent with it counts. Null for a
   * reader who may not vote (a visitor: they join first).
   */
  key: string | null;
  /** The prefix in the proposal's language ("Il faut", "We should"). */
  prefix: string;
  /** The text after the prefix. */
  body: string;
  /** The proposal's language, for the `lang` attribute. */
  lang: string;
  /** Its theme's title in the reader's language, if it has one. */
  theme: string | null;
}

export interface SequenceData {
  cards: SequenceCard[];
  source: SequenceSource;
  /** No card left for this reader: they voted on every proposal they may see (or there is none yet). */
  exhausted: boolean;
  /** Accepted proposals of this instance the reader has voted on. */
  voted: number;
}
