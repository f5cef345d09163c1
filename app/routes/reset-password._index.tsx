import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useActionData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requestPasswordReset } from '../server/accounts.server';
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
  return { title: t('reset.title') };
}

// The same answer whether or not the address has an account.
export function action({ request, context }: ActionFunctionArgs) {
  return emailLinkAction(request, context, 'reset', requestPasswordReset);
}

export default function ResetPassword() {
  const data = useActionData<typeof action>();
  const { t } = useTranslation(['auth', 'forms']);
  return (
    <div className="page page--narrow">
      <h1>{t('reset.title')}</h1>
      {data?.sentTo ? (
        <FormMessage tone="success">{t('reset.sent', { email: data.sentTo })}</FormMessage>
      ) : (
        <>
          <p>{t('reset.intro')}</p>
          {data?.formError ? <FormMessage tone="error">{t('reset.tooManyAttempts', { count: data.formError.minutes })}</FormMessage> : null}
          {data?.mailFailed ? <FormMessage tone="error">{t('mailFailed')}</FormMessage> : null}
          <Form method="post" className="stack" noValidate>
            <EmailField error={data?.errors.email} />
            <button type="submit" className="button">
              {t('reset.submit')}
            </button>
          </Form>
        </>
      )}
    </div>
  );
}
