import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useLocation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { accountExists, createInvitedAccount } from '../server/accounts.server';
import { newAccountSchema } from '../../platform/auth/forms';
import { pickLanguage } from '../../platform/i18n/languages';
import { acceptInvitation, invitationByToken } from '../server/members.server';
import { FormMessage } from '../../platform/ui/form';
import { NewAccountFields } from '../../platform/ui/new-account-fields';
import { currentUser, signedInRedirect } from '../auth.server';
import { i18next } from '../i18n.server';
import { badRequest, fieldErrors, noErrors, type FormErrors } from '../validation';

export const handle = { i18n: ['common', 'team', 'auth', 'forms'] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'Plenum' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const locale = await i18next.getLocale(request);
  const t = await i18next.getFixedT(locale, 'team');
  const invitation = await invitationByToken(context.db, params.token ?? '');
  const user = await currentUser(request, context);
  const hasAccount = invitation ? await accountExists(context.db, invitation.email) : false;
  return {
    title: t('invitation.title'),
    locale,
    invitation: invitation
      ? { email: invitation.email, role: invitation.role, question: pickLanguage(invitation.question, locale, invitation.default_language) }
      : null,
    signedInAs: user && !user.is_anonymous ? user.email : null,
    hasAccount,
  };
}

const schema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('accept') }),
  newAccountSchema.extend({ intent: z.literal('createAccount') }),
]);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? '';
  const invitation = await invitationByToken(context.db, token);
  if (!invitation) return badRequest({ errors: { form: 'expired' } as FormErrors, displayName: '' });
  const form = Object.fromEntries(await request.formData());
  const parsed = schema.safeParse(form);
  if (!parsed.success) return badRequest({ errors: fieldErrors(parsed.error), displayName: String(form.displayName ?? '') });

  if (parsed.data.intent === 'accept') {
    const user = await currentUser(request, context);
    if (!user || user.is_anonymous) throw redirect(`/login?${new URLSearchParams({ redirectTo: `/invitations/${token}` })}`);
    // An invitation is for its address only: a forwarded link grants nothing to another account.
    if (user.email?.toLowerCase() !== invitation.email) {
      return json({ errors: { form: 'otherAccount' } as FormErrors, displayName: '' }, { status: 403 });
    }
    const accepted = await acceptInvitation(context.db, token, user.id);
    if (!accepted) return badRequest({ errors: { form: 'expired' } as FormErrors, displayName: '' });
    return redirect(`/consultations/${accepted.slug}?welcome=${invitation.role}`);
  }

  // Following the e-mailed link proved the address: the account is created for it directly.
  const userId = await createInvitedAccount(context.db, invitation.email, parsed.data);
  if (!userId) return badRequest({ errors: { form: 'accountExists' } as FormErrors, displayName: parsed.data.displayName });
  const accepted = await acceptInvitation(context.db, token, userId);
  return signedInRedirect(request, context, userId, accepted ? `/consultations/${accepted.slug}?welcome=${invitation.role}` : '/');
}

export default function InvitationPage() {
  const { invitation, signedInAs, hasAccount, locale } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t } = useTranslation(['team', 'auth', 'forms']);
  const location = useLocation();
  if (!invitation || data?.errors.form === 'expired') {
    return (
      <div className="page page--narrow">
        <h1>{t('invitation.expiredTitle')}</h1>
        <p>{t('invitation.expired')}</p>
      </div>
    );
  }
  const loginLink = `/login?${new URLSearchParams({ redirectTo: location.pathname })}`;
  return (
    <div className="page page--narrow">
      <h1>{t('invitation.title')}</h1>
      <p>
        {t('invitation.intro', { role: t(`roles.${invitation.role}`) })} <q lang={invitation.question.lang}>{invitation.question.text}</q>
      </p>
      {data?.errors.form === 'accountExists' ? <FormMessage tone="error">{t('invitation.accountExists')}</FormMessage> : null}
      {data?.errors.form === 'otherAccount' ? <FormMessage tone="error">{t('invitation.otherAccount', { email: invitation.email })}</FormMessage> : null}
      {signedInAs ? (
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="accept" />
          <p>{t('invitation.signedInAs', { email: signedInAs })}</p>
          <button type="submit" className="button">
            {t('invitation.accept')}
          </button>
        </Form>
      ) : hasAccount ? (
        <p>
          {t('invitation.signInFirst', { email: invitation.email })} <Link to={loginLink}>{t('auth:login.submit')}</Link>
        </p>
      ) : (
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="createAccount" />
          <p>{t('invitation.createAccount', { email: invitation.email })}</p>
          <NewAccountFields errors={data?.errors ?? {}} defaultName={data?.displayName} defaultLanguage={locale} />
          <button type="submit" className="button">
            {t('invitation.createAndAccept')}
          </button>
        </Form>
      )}
    </div>
  );
}
