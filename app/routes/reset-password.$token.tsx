import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { peekToken, resetPassword } from '../server/accounts.server';
import { passwordField } from '../../platform/auth/forms';
import { NewPasswordField } from '../../platform/ui/new-account-fields';
import { i18next } from '../i18n.server';
import { badRequest, fieldErrors, noErrors } from '../validation';

export const handle = { i18n: ['common', 'auth', 'forms'] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'Plenum' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const t = await i18next.getFixedT(request, 'auth');
  return { title: t('resetFinish.title'), valid: Boolean(await peekToken(context.db, 'password_reset', params.token ?? '')) };
}

const schema = z.object({ password: passwordField });

/** Sets the new password once, signs the person out everywhere, and asks them to sign in. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const parsed = schema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return badRequest({ errors: fieldErrors(parsed.error), invalidLink: false });
  const done = await resetPassword(context.db, params.token ?? '', parsed.data.password);
  if (!done) return badRequest({ errors: noErrors, invalidLink: true });
  return redirect('/login?reset=done');
}

export default function FinishReset() {
  const { valid } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t } = useTranslation(['auth', 'forms']);
  if (!valid || data?.invalidLink) {
    return (
      <div className="page page--narrow">
        <h1>{t('resetFinish.expiredTitle')}</h1>
        <p>{t('resetFinish.expired')}</p>
        <p>
          <Link to="/reset-password">{t('resetFinish.startAgain')}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="page page--narrow">
      <h1>{t('resetFinish.title')}</h1>
      <Form method="post" className="stack" noValidate>
        <NewPasswordField error={data?.errors.password} />
        <button type="submit" className="button">
          {t('resetFinish.submit')}
        </button>
      </Form>
    </div>
  );
}
