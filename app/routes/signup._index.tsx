import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requestSignUp } from '../server/accounts.server';
import { EmailField } from '../../platform/ui/email-field';
import { FormMessage } from '../../platform/ui/form';
import { emailLinkAction } from '../auth.server';
import { i18next } from '../i18n.server';
import { keepRetryAfter } from '../validation';

export const handle = { i18n: ['common', 'auth', 'forms'] };

export const headers = keepRetryAfter;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'Plenum' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await i18next.getFixedT(request, 'auth');
  return { title: t('signup.title') };
}

/** Step one: an e-mail with a link proves the address before any account exists. */
export function action({ request, context }: ActionFunctionArgs) {
  return emailLinkAction(request, context, 'signup', requestSignUp);
}

export default function SignUp() {
  const data = useActionData<typeof action>();
  const { t } = useTranslation(['auth', 'forms']);
  const [params] = useSearchParams();
  if (data?.sentTo) {
    return (
      <div className="page page--narrow">
        <h1>{t('signup.checkInbox')}</h1>
        <FormMessage tone="success">{t('signup.sent', { email: data.sentTo })}</FormMessage>
        <p>{t('signup.sentHelp')}</p>
      </div>
    );
  }
  return (
    <div className="page page--narrow">
      <h1>{t('signup.title')}</h1>
      <p>{t('signup.intro')}</p>
      {data?.formError ? <FormMessage tone="error">{t('signup.tooManyAttempts', { count: data.formError.minutes })}</FormMessage> : null}
          {data?.mailFailed ? <FormMessage tone="error">{t('mailFailed')}</FormMessage> : null}
      <Form method="post" className="stack" noValidate>
        <EmailField error={data?.errors.email} />
        <button type="submit" className="button">
          {t('signup.submit')}
        </button>
      </Form>
      <p>
        {t('signup.haveAccount')} <Link to={`/login?${params}`}>{t('signup.signIn')}</Link>
      </p>
    </div>
  );
}
