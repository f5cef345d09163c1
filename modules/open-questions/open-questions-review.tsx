import { Form, Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { LocalizedText } from '../../platform/i18n/languages';
import { nativeLanguageName } from '../../platform/ui/format';
import { PostTime } from '../../platform/ui/posts/post-ui';
import type { OpenQuestionsPageData, ReviewData } from './open-questions-data';

type Pick = (text: LocalizedText) => { text: string; lang: string };

/**
 * The reviewers' page (synthesizers, strategists): every answer of a question, of a theme's
 * questions or of all of them, filtered by segment and language, with the same selection as CSV.
 * Answers come without their authors' names: a synthesis needs what was said, not who said it.
 */
export function OpenQuestionsReview({ data, review, slug, instanceId, locale, pick }: { data: OpenQuestionsPageData; review: ReviewData; slug: string; instanceId: string; locale: string; pick: Pick }) {
  const { t } = useTranslation('open-questions');
  const { filters } = review;
  const questionText = new Map(data.questions.map((q) => [q.id, pick(q.text)]));
  const themeTitle = new Map(data.themes.map((theme) => [theme.id, pick(theme.title)]));
  const single = filters.question !== null;
  const heading = single ? questionText.get(filters.question!) : null;
  return (
    <div className="open-questions open-questions--review">
      <header className="open-questions__header">
        <p className="thread-page__kicker">{t('review.kicker')}</p>
        <h1 lang={heading?.lang}>{heading ? heading.text : t('review.allQuestions')}</h1>
        <p>
          <Link to={`/consultations/${slug}/modules/${instanceId}`}>{t('review.back')}</Link>
        </p>
      </header>

      <Form method="get" className="panel open-questions__filters" aria-labelledby="open-questions-filters">
        <h2 id="open-questions-filters">{t('review.filters')}</h2>
        <input type="hidden" name="review" value="" />
        <div className="open-questions__filter-row">
          <div className="field">
            <label htmlFor="review-question">{t('review.question')}</label>
            <select id="review-question" name="question" defaultValue={filters.question ?? ''}>
              <option value="">{t('review.anyQuestion')}</option>
              {data.questions.map((q) => (
                <option key={q.id} value={q.id} lang={questionText.get(q.id)?.lang}>
                  {questionText.get(q.id)?.text}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="review-theme">{t('review.theme')}</label>
            <select id="review-theme" name="theme" defaultValue={filters.theme ?? ''}>
              <option value="">{t('review.anyTheme')}</option>
              {data.themes.map((theme) => (
                <option key={theme.id} value={theme.id} lang={themeTitle.get(theme.id)?.lang}>
                  {themeTitle.get(theme.id)?.text}
                </option>
              ))}
            </select>
          </div>
          {review.segmentFields.length > 0 ? (
            <div className="field">
              <label htmlFor="review-segment">{t('review.segment')}</label>
              <select id="review-segment" name="segment" defaultValue={filters.segmentField ? `${filters.segmentField}:${filters.segmentValue ?? ''}` : ''}>
                <option value="">{t('review.anySegment')}</option>
                {review.segmentFields.map((field) => (
                  <optgroup key={field} label={t(`segments.${field}`)}>
                    {(review.segmentValues[field] ?? []).map((value) => (
                      <option key={value} value={`${field}:${value}`}>
                        {value}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            </div>
          ) : null}
          <div className="field">
            <label htmlFor="review-language">{t('review.language')}</label>
            <select id="review-language" name="language" defaultValue={filters.language ?? ''}>
              <option value="">{t('review.anyLanguage')}</option>
              {review.languages.map((lang) => (
                <option key={lang} value={lang} lang={lang}>
                  {nativeLanguageName(lang)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <p className="field__hint">{t('review.segmentHint')}</p>
        <div className="button-row">
          <button type="submit" className="button">
            {t('review.apply')}
          </button>
          <a className="button button--secondary" href={review.exportHref} download>
            {t('review.export')}
          </a>
        </div>
      </Form>

      <section aria-labelledby="open-questions-answers" className="open-questions__review-answers">
        <h2 id="open-questions-answers">{t('review.count', { count: review.count })}</h2>
        {review.count > review.answers.length ? <p className="field__hint">{t('review.truncated', { count: review.answers.length })}</p> : null}
        {review.answers.length === 0 ? (
          <p className="empty-state">{t('review.empty')}</p>
        ) : (
          <ol className="open-questions__review-list">
            {review.answers.map((answer) => {
              const question = questionText.get(answer.questionId);
              const segments = Object.entries(answer.segments);
              return (
                <li key={answer.id} className="thread-post open-questions__review-answer">
                  {!single && question ? (
                    <p className="open-questions__review-question" lang={question.lang}>
                      {question.text}
                    </p>
                  ) : null}
                  <div className="rich-text-view" lang={answer.language} dangerouslySetInnerHTML={{ __html: answer.html }} />
                  <p className="thread-post__meta">
                    <PostTime value={answer.createdAt} locale={locale} /> · {nativeLanguageName(answer.language)} · {t('review.likes', { count: answer.likes })}
                    {answer.status === 'awaiting' ? ` · ${t('review.awaiting')}` : ''}
                    {segments.length > 0 ? ` · ${segments.map(([field, value]) => t('review.segmentValue', { field: t(`segments.${field}`), value })).join(', ')}` : ''}
                  </p>
                </li>
              );
            })}
          </ol>
        )}
      </section>
    </div>
  );
}
