import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useChangeLanguage } from 'remix-i18next/react';
import { currentUser } from './auth.server';
import { i18next } from './i18n.server';
import { fallbackLanguage } from '../platform/i18n/languages';
import { LanguageSwitcher } from '../platform/ui/language-switcher';
import styles from './styles/app.css';

export const handle = { i18n: ['common'] };

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: styles },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
];

type ErrorKind = 'notFound' | 'forbidden' | 'badRequest' | 'unexpected';

function errorKind(error: unknown): ErrorKind {
  if (isRouteErrorResponse(error) && error.status === 404) return 'notFound';
  if (isRouteErrorResponse(error) && error.status === 403) return 'forbidden';
  if (isRouteErrorResponse(error) && error.status >= 400 && error.status < 500) return 'badRequest';
  return 'unexpected';
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const locale = await i18next.getLocale(request);
  const t = await i18next.getFixedT(locale, 'common');
  const user = await currentUser(request, context);
  // The title of an error page, when a route below fails; every page needs a title.
  const errorTitles: Record<ErrorKind, string> = {
    notFound: t('errors.notFound.title'),
    forbidden: t('errors.forbidden.title'),
    badRequest: t('errors.badRequest.title'),
    unexpected: t('errors.unexpected.title'),
  };
  return {
    locale,
    siteTitle: t('siteTitle'),
    errorTitles,
    user: user ? { displayName: user.display_name, isAnonymous: user.is_anonymous } : null,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => {
  if (error) return [{ title: data?.errorTitles[errorKind(error)] ?? 'Plenum' }];
  return [{ title: data?.siteTitle ?? 'Plenum' }];
};

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root');
  const locale = data?.locale ?? fallbackLanguage;
  const { t } = useTranslation('common');
  useChangeLanguage(locale);
  // The embedded widget (a route whose handle says `bare`) lives inside another site's page: no header nor footer of ours.
  const bare = useMatches().some((match) => (match.handle as { bare?: boolean } | undefined)?.bare === true);
  return (
    <html lang={locale} dir="ltr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className={bare ? 'bare' : undefined}>
        {bare ? null : (
          <>
            <a className="skip-link" href="#main">
              {t('skipToContent')}
            </a>
            <header className="site-header">
              <Link to="/" className="site-header__brand">
                Plenum
              </Link>
              <nav className="site-header__account" aria-label={t('account.navigation')}>
                {data?.user ? (
                  <>
                    {!data.user.isAnonymous ? <Link to="/console">{t('account.console')}</Link> : null}
                    <Link to="/profile">{data.user.isAnonymous ? t('account.pseudonymousProfile') : data.user.displayName}</Link>
                    <Form method="post" action="/logout">
                      <button type="submit" className="link-button">
                        {t('account.signOut')}
                      </button>
                    </Form>
                  </>
                ) : (
                  <>
                    <Link to="/login">{t('account.signIn')}</Link>
                    <Link to="/signup">{t('account.signUp')}</Link>
                  </>
                )}
              </nav>
              <LanguageSwitcher current={locale} />
            </header>
          </>
        )}
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        {bare ? null : (
          <footer className="site-footer">
            <p>{t('footer.licence')}</p>
          </footer>
        )}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation('common');
  const kind = errorKind(error);
  return (
    <div className="page error-page">
      <h1>{t(`errors.${kind}.title`)}</h1>
      <p>{t(`errors.${kind}.body`)}</p>
      <p>
        <Link to="/">{t('errors.backHome')}</Link>
      </p>
    </div>
  );
}
