import type { ReactionKind } from '../../platform/db/schema';
import type { LocalizedText } from '../../platform/i18n/languages';
import type { PostView, Catching, PostViewer } from '../../platform/contributions/post-state';
import type { RichTextDoc } from '../../platform/rich-text/extensions';
import type { ArgumentOrder } from './columns';

/** An idea chosen into the phase, as the module lists it. */
export interface ChosenIdea {
  id: string;
  title: string;
  description: string;
  /** Passages caught into it in ideation. */
  extracts: number;
  /** Published arguments and replies, by column key. */
  arguments: Record<string, number>;
}

/** A synthesizer's summary at the top of a column: what realtime events carry too. */
export interface ColumnSummaryView {
  ideaId: string;
  column: string;
  html: string;
  /** For the synthesizer's form. */
  doc: RichTextDoc;
  updatedAt: string;
  updatedBy: string | null;
}

/** The consultation page's view of the module: which ideas are being argued over, and how much. */
export interface TwoColumnSummaryData {
  ideas: { id: string; title: string }[];
  arguments: number;
  contributors: number;
}

export interface TwoColumnPageData {
  title: LocalizedText;
  ideas: ChosenIdea[];
  /** The idea on screen (`?idea=`), or null for the list of ideas. */
  idea: ChosenIdea | null;
  /** `?idea=` named an idea that is not in this phase. */
  missingIdea: boolean;
  /** Every argument and reply of the idea on screen, in reading order. */
  posts: PostView[];
  summaries: ColumnSummaryView[];
  sort: ArgumentOrder;
  viewer: PostViewer & { maySummarise: boolean };
  /** For idea catchers: the ideas and themes a caught passage of an argument may go to. */
  catching: Catching;
  myReactions: Record<string, ReactionKind[]>;
  /** The post a link pointed to (`?post=`), when it is on this page. */
  focus: string | null;
  latestChange: string;
  /** The last post written when the page was read: any later one is new. */
  latestSeq: string;
}

export interface TwoColumnSettingsData {
  /** Every idea of the consultation, to choose from. */
  ideas: { id: string; title: string; extracts: number }[];
  /** Columns that hold arguments: removing them would hide what people wrote. */
  columnsInUse: string[];
}

export const summaryChanged = 'summary:changed';
/** The longest column summary, in characters of text. */
export const maxSummaryChars = 2000;
