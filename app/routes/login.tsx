import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { authenticate } from '../server/accounts.server';
import { emailField } from '../../platform/auth/forms';
import { signInRules } from '../server/rate-limit.server';
import { EmailField } from '../../platform/ui/email-field';
import { Field, FormMessage } from '../../platform/ui/form';
import { currentUser, limitAttempts, safeRedirect, signedInRedirect } from '../auth.server';
import { i18next } from '../i18n.server';
import { badRequest, fieldErrors, keepRetryAfter, noErrors, tooManyRequests } from '../validation';

export const handle = { i18n: ['common', 'auth', 'forms'] };

export const headers = keepRetryAfter;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'Plenum' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await currentUser(request, context);
  if (user && !user.is_anonymous) throw redirect(safeRedirect(new URL(request.url).searchParams.get('redirectTo')));
  const t = await i18next.getFixedT(request, 'auth');
  return { title: t('login.title') };
}

const schema = z.object({ email: emailField, password: z.string().min(1, 'password.required'), redirectTo: z.string().optional() });

export async function action({ request, context }: ActionFunctionArgs) {
  const form = Object.fromEntries(await request.formData());
  const parsed = schema.safeParse(form);
  if (!parsed.success) return badRequest({ errors: fieldErrors(parsed.error), email: String(form.email ?? ''), formError: null });
  const { email, password } = parsed.data;

  const limit = await limitAttempts(context, 'signin', email, signInRules);
  if (limit.retryAfterSeconds) {
    const minutes = Math.ceil(limit.retryAfterSeconds / 60);
    return tooManyRequests({ errors: noErrors, email, formError: { key: 'login.tooManyAttempts', minutes } }, limit.retryAfterSeconds);
  }

  const user = await authenticate(context.db, email, password);
  if (!user) return badRequest({ errors: noErrors, email, formError: { key: 'login.wrongCredentials', minutes: 0 } });
  await context.rateLimiter.reset(limit.accountKey);
  return signedInRedirect(request, context, user.id, safeRedirect(parsed.data.redirectTo));
}

export default function Login() {
  const data = useActionData<typeof action>();
  const { t } = useTranslation(['auth', 'forms']);
  const [params] = useSearchParams();
  const redirectTo = params.get('redirectTo') ?? '/';
  return (
    <div className="page page--narrow">
      <h1>{t('login.title')}</h1>
      {params.get('signedOut') === 'all' ? <FormMessage tone="success">{t('login.signedOutEverywhere')}</FormMessage> : null}
      {params.get('reset') === 'done' ? <FormMessage tone="success">{t('login.passwordChanged')}</FormMessage> : null}
      {data?.formError ? <FormMessage tone="error">{t(data.formError.key, { count: data.formError.minutes })}</FormMessage> : null}
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <EmailField error={data?.errors.email} defaultValue={data?.email} />
        <Field
          label={t('fields.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={data?.errors.password ? t(`forms:${data.errors.password}`) : null}
        />
        <button type="submit" className="button">
          {t('login.submit')}
        </button>
      </Form>
      <p>
        <Link to="/reset-password">{t('login.forgotPassword')}</Link>
      </p>
      <p>
        {t('login.noAccount')} <Link to={`/signup?${new URLSearchParams({ redirectTo })}`}>{t('login.createAccount')}</Link>
      </p>
    </div>
  );
}
