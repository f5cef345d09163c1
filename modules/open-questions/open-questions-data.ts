import type { ReactionKind, SegmentField } from '../../platform/db/schema';
import type { LocalizedText } from '../../platform/i18n/languages';
import type { PostView, Catching, PostViewer } from '../../platform/contributions/post-state';
import type { RevealRule } from './manifest';

/** What the consultation page shows of the module: how many questions, how many answered. */
export interface OpenQuestionsSummaryData {
  title: LocalizedText;
  questions: number;
  answers: number;
  respondents: number;
}

/** A question as a participant reads it. */
export interface QuestionView {
  id: string;
  themeId: string | null;
  text: LocalizedText;
  /** Published answers. */
  answers: number;
  /** The reader has answered it (their answer may await moderation). */
  answered: boolean;
  /** Others' answers are on the page (revealed): never true before answering when the rule says so. */
  revealed: boolean;
  /** More revealed answers than the page holds. */
  hasMore: boolean;
}

export interface ThemeView {
  id: string;
  title: LocalizedText;
}

/** One answer as a reviewer reads it: no name, the segments its author consented to give. */
export interface ReviewAnswer {
  id: string;
  questionId: string;
  html: string;
  language: string;
  createdAt: string;
  likes: number;
  status: string;
  segments: Partial<Record<SegmentField, string>>;
}

export interface ReviewFilters {
  question: string | null;
  theme: string | null;
  segmentField: SegmentField | null;
  segmentValue: string | null;
  language: string | null;
}

/** The synthesizers' and strategists' page: every answer, filtered, and the export of the same. */
export interface ReviewData {
  filters: ReviewFilters;
  answers: ReviewAnswer[];
  /** Answers that match (the page shows at most `answers.length`). */
  count: number;
  segmentFields: SegmentField[];
  segmentValues: Partial<Record<SegmentField, string[]>>;
  languages: string[];
  exportHref: string;
}

export interface OpenQuestionsPageData {
  title: LocalizedText;
  reveal: RevealRule;
  questions: QuestionView[];
  themes: ThemeView[];
  /** The reader's own answers and the answers revealed to them, in reading order. */
  posts: PostView[];
  viewer: PostViewer & { mayReview: boolean };
  /** For idea catchers: the ideas and themes a caught passage of an answer may go to. */
  catching: Catching;
  myReactions: Record<string, ReactionKind[]>;
  latestChange: string;
  /** The last post written when the page was read: any later one is new. */
  latestSeq: string;
  /** The post a link pointed to. */
  focus: string | null;
  /** Present only for reviewers who asked for it (`?review`). */
  review: ReviewData | null;
}

/** The settings form's data: the themes to attach questions to, and which questions hold answers. */
export interface OpenQuestionsSettingsData {
  themes: (ThemeView & { parentId: string | null })[];
  answersByQuestion: Record<string, number>;
}
