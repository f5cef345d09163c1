import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { completeSignUp, peekToken } from '../server/accounts.server';
import { newAccountSchema } from '../../platform/auth/forms';
import { FormMessage } from '../../platform/ui/form';
import { NewAccountFields } from '../../platform/ui/new-account-fields';
import { currentUser, signedInRedirect } from '../auth.server';
import { i18next } from '../i18n.server';
import { badRequest, fieldErrors, noErrors } from '../validation';

export const handle = { i18n: ['common', 'auth', 'forms'] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'Plenum' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const t = await i18next.getFixedT(request, 'auth');
  const email = await peekToken(context.db, 'signup', params.token ?? '');
  return { title: t('signupFinish.title'), email, locale: await i18next.getLocale(request) };
}

/** Step two: name and password; a pseudonymous participant keeps what they contributed. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = Object.fromEntries(await request.formData());
  const parsed = newAccountSchema.safeParse(form);
  if (!parsed.success) return badRequest({ errors: fieldErrors(parsed.error), formError: null, values: { displayName: String(form.displayName ?? '') } });
  const user = await currentUser(request, context);
  const result = await completeSignUp(context.db, params.token ?? '', parsed.data, user?.is_anonymous ? user.id : null);
  if ('error' in result) return badRequest({ errors: noErrors, formError: result.error, values: { displayName: parsed.data.displayName } });
  return signedInRedirect(request, context, result.userId, '/profile?welcome=1');
}

export default function FinishSignUp() {
  const { email, locale } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t } = useTranslation(['auth', 'forms']);
  if (!email || data?.formError === 'invalidLink') {
    return (
      <div className="page page--narrow">
        <h1>{t('signupFinish.expiredTitle')}</h1>
        <p>{t('signupFinish.expired')}</p>
        <p>
          <Link to="/signup">{t('signupFinish.startAgain')}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="page page--narrow">
      <h1>{t('signupFinish.title')}</h1>
      <p>{t('signupFinish.intro', { email })}</p>
      {data?.formError === 'alreadyRegistered' ? (
        <FormMessage tone="error">
          {t('signupFinish.alreadyRegistered')} <Link to="/login">{t('signup.signIn')}</Link>
        </FormMessage>
      ) : null}
      <Form method="post" className="stack" noValidate>
        <NewAccountFields errors={data?.errors ?? {}} defaultName={data?.values.displayName} defaultLanguage={locale} />
        <button type="submit" className="button">
          {t('signupFinish.submit')}
        </button>
      </Form>
    </div>
  );
}
