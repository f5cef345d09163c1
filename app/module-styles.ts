import openQuestions from '../modules/open-questions/open-questions.css';
import proposals from '../modules/proposals/proposals.css';
import proposalsModeration from '../modules/proposals/proposals-moderation.css';
import proposalsResults from '../modules/proposals/proposals-results.css';
import proposalsSequence from '../modules/proposals/proposals-sequence.css';
import tokenVote from '../modules/token-vote/token-vote.css';
import twoColumn from '../modules/two-column/two-column.css';
import charts from '../platform/ui/charts.css';

/**
 * Every module's stylesheet, linked by the pages that draw modules. It is listed here, in the
 * web shell, rather than in each manifest: manifests are also loaded by Node outside the Remix
 * compiler (the dispatcher, the seed), and only the compiler understands a CSS import.
 */
export const moduleStylesheets = [charts, openQuestions, twoColumn, tokenVote, proposals, proposalsSequence, proposalsModeration, proposalsResults].map((href) => ({ rel: 'stylesheet', href }));
