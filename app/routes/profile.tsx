import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { endAllSessions, updateProfile } from '../server/accounts.server';
import { displayNameField, languageField } from '../../platform/auth/forms';
import { interfaceLanguages } from '../../platform/i18n/languages';
import { Field, FormMessage, SelectField } from '../../platform/ui/form';
import { nativeLanguageName } from '../../platform/ui/format';
import { actorFor, requirePermission, requireUser } from '../auth.server';
import { i18next, languageCookie } from '../i18n.server';
import { badRequest, fieldErrors, noErrors } from '../validation';

export const handle = { i18n: ['common', 'auth', 'forms'] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'Plenum' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const t = await i18next.getFixedT(request, 'auth');
  return {
    title: t('profile.title'),
    user: { displayName: user.display_name, email: user.email, isAnonymous: user.is_anonymous, language: user.preferred_language ?? (await i18next.getLocale(request)) },
  };
}

const schema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('save'), displayName: displayNameField, preferredLanguage: languageField }),
  z.object({ intent: z.literal('signOutEverywhere') }),
]);

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor, user } = await actorFor(request, context);
  requirePermission(request, actor, 'profile.edit');
  if (!user) throw redirect('/login');
  const parsed = schema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return badRequest({ errors: fieldErrors(parsed.error), saved: false });
  if (parsed.data.intent === 'signOutEverywhere') {
    await endAllSessions(context.db, user.id);
    return redirect('/login?signedOut=all', { headers: { 'Set-Cookie': await context.sessionCookie.serialize('', { maxAge: 0 }) } });
  }
  await updateProfile(context.db, user.id, parsed.data);
  // The interface follows the language the person just chose.
  return json(
    { errors: noErrors, saved: true },
    { headers: { 'Set-Cookie': await languageCookie.serialize(parsed.data.preferredLanguage) } },
  );
}

export default function Profile() {
  const { user } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t } = useTranslation(['auth', 'forms']);
  const [params] = useSearchParams();
  const error = (field: string) => (data?.errors[field] ? t(`forms:${data.errors[field]}`) : null);
  return (
    <div className="page page--narrow">
      <h1>{t('profile.title')}</h1>
      {params.get('welcome') ? <FormMessage tone="success">{t('profile.welcome')}</FormMessage> : null}
      {data?.saved ? <FormMessage tone="success">{t('profile.saved')}</FormMessage> : null}
      {user.isAnonymous ? (
        <FormMessage tone="info">
          {t('profile.pseudonymous')} <Link to="/signup">{t('profile.createAccount')}</Link>
        </FormMessage>
      ) : (
        <p>{t('profile.signedInAs', { email: user.email })}</p>
      )}
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value="save" />
        <Field label={t('fields.displayName')} name="displayName" autoComplete="name" required defaultValue={user.displayName} error={error('displayName')} />
        <SelectField
          label={t('fields.language')}
          name="preferredLanguage"
          defaultValue={user.language}
          options={interfaceLanguages.map((lng) => ({ value: lng, label: nativeLanguageName(lng), lang: lng }))}
          error={error('preferredLanguage')}
        />
        <button type="submit" className="button">
          {t('profile.save')}
        </button>
      </Form>
      <section aria-labelledby="devices" className="stack">
        <h2 id="devices">{t('profile.devicesTitle')}</h2>
        <p>{t('profile.devicesHelp')}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="signOutEverywhere" />
          <button type="submit" className="button button--secondary">
            {t('profile.signOutEverywhere')}
          </button>
        </Form>
      </section>
    </div>
  );
}
