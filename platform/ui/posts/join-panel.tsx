import { Form, Link, useLocation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';

/**
 * What a page of contributions offers someone who may read but not yet write: take part (under
 * a pseudonym when the consultation allows it) and come straight back to this page, or sign in.
 */
export function JoinPanel({
  slug,
  userId,
  mayJoin,
  heading,
  intro,
  signInPrompt,
}: {
  slug: string;
  userId: string | null;
  mayJoin: boolean;
  heading: string;
  intro?: string;
  /** What signing in is for, when joining is not possible without it. */
  signInPrompt: string;
}) {
  const { t } = useTranslation('posts');
  const location = useLocation();
  const here = location.pathname + location.search;
  const signIn = `/login?${new URLSearchParams({ redirectTo: here })}`;
  if (!mayJoin) {
    return userId ? null : (
      <p className="panel thread-join">
        {signInPrompt} <Link to={signIn}>{t('join.signIn')}</Link>
      </p>
    );
  }
  const headingId = `join-${slug}`;
  return (
    <section aria-labelledby={headingId} className="panel thread-join">
      <h2 id={headingId}>{heading}</h2>
      {intro ? <p>{intro}</p> : null}
      <Form method="post" action={`/consultations/${slug}/join`}>
        <input type="hidden" name="returnTo" value={here} />
        <button type="submit" className="button">
          {userId ? t('join.submit') : t('join.submitAnonymously')}
        </button>
      </Form>
      {!userId ? (
        <p className="field__hint">
          {t('join.haveAccount')} <Link to={signIn}>{t('join.signIn')}</Link>
        </p>
      ) : null}
    </section>
  );
}
