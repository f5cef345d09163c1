import type { RefusalReason, VoteKind } from '../../platform/db/schema';

/*
 * The massive consultation's rules, shared by the server and the browser: what a proposal's
 * text must be, which qualifications go with which vote, and why a proposal may be refused.
 */

/** The characters a proposal takes after its prefix ("Il faut…"), by default. */
export const defaultMinChars = 12;
export const defaultMaxChars = 140;

export const voteKinds: readonly VoteKind[] = ['agree', 'disagree', 'neutral'];

/** Under each vote, the qualifications a voter may add (several at once). */
export const qualificationsByVote: Record<VoteKind, readonly string[]> = {
  agree: ['likeIt', 'doable', 'platitudeAgree'],
  disagree: ['noWay', 'impossible', 'platitudeDisagree'],
  neutral: ['doNotUnderstand', 'noOpinion', 'doNotCare'],
};
export const qualificationKeys = Object.values(qualificationsByVote).flat();

export function qualificationFits(vote: VoteKind, qualification: string): boolean {
  return qualificationsByVote[vote].includes(qualification);
}

export const refusalReasons: readonly RefusalReason[] = ['incomprehensible', 'offTopic', 'partisan', 'illegal', 'advertising', 'severalIdeas', 'wrongLanguage', 'rude', 'alreadyExists', 'other'];

/**
 * A proposal's text as its author typed it, checked: without the prefix if they typed it again,
 * spaces collapsed, and its length in characters (code points, so an accent or an emoji is one).
 */
export function checkProposalText(raw: string, prefix: string, { min = defaultMinChars, max = defaultMaxChars } = {}): { ok: true; text: string } | { ok: false; code: 'text.tooShort' | 'text.tooLong' } {
  let text = raw.replace(/\s+/g, ' ').trim();
  const bare = prefix.replace(/[….\s]+$/u, '').trim();
  if (bare && text.toLocaleLowerCase().startsWith(bare.toLocaleLowerCase())) text = text.slice(bare.length).replace(/^[….\s]+/u, '').trim();
  const length = [...text].length;
  if (length < min) return { ok: false, code: 'text.tooShort' };
  if (length > max) return { ok: false, code: 'text.tooLong' };
  return { ok: true, text };
}

/** The longest text after the prefix the database accepts. */
export const maxProposalChars = 400;

/** Bounds of each number of the settings form, as the server checks them and the form shows them (shares in percent). */
export const settingsBounds = {
  minChars: { min: 1, max: maxProposalChars - 1 },
  maxChars: { min: 2, max: maxProposalChars },
  cards: { min: 1, max: 50 },
  newShare: { min: 0, max: 100 },
  newThreshold: { min: 1, max: 1000 },
  controversyShare: { min: 0, max: 100 },
  cap: { min: 10, max: 1_000_000 },
  rejectionBound: { min: 0, max: 100 },
} as const;
