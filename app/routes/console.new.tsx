import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { questionsFromForm, settingsForm } from '../../platform/consultations/settings-form';
import { ConsultationSettingsFields } from '../../platform/ui/consultation-settings-fields';
import { FormMessage } from '../../platform/ui/form';
import { actorFor, requirePermission } from '../auth.server';
import { i18next } from '../i18n.server';
import { createConsultation, parseDescriptions } from '../server/consultation-edit.server';
import { badRequest, fieldErrors, formObject } from '../validation';

export const handle = { i18n: ['common', 'console', 'forms'] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'Plenum' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { actor } = await actorFor(request, context);
  requirePermission(request, actor, 'consultation.create');
  const locale = await i18next.getLocale(request);
  const t = await i18next.getFixedT(locale, 'console');
  return { title: t('new.title'), locale };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor, user } = await actorFor(request, context);
  requirePermission(request, actor, 'consultation.create');
  const form = await request.formData();
  const parsed = settingsForm.safeParse(formObject(form, ['languages']));
  const organisationName = String(form.get('organisationName') ?? '').trim();
  const errors = parsed.success ? {} : fieldErrors(parsed.error);
  if (!organisationName) errors.organisationName = 'organisation.required';
  const descriptions = parseDescriptions(Object.fromEntries(form), parsed.success ? parsed.data.languages : []);
  if (!descriptions.ok) Object.assign(errors, descriptions.errors);
  if (!parsed.success || !descriptions.ok || Object.keys(errors).length > 0) return badRequest({ errors });
  const consultation = await createConsultation(context.db, {
    organisationName,
    creatorId: user!.id,
    settings: {
      question: questionsFromForm(parsed.data),
      description: descriptions.description,
      languages: parsed.data.languages,
      defaultLanguage: parsed.data.defaultLanguage,
      anonymity: parsed.data.anonymity,
      moderation: parsed.data.moderation,
      primaryColor: parsed.data.primaryColor,
      embedOrigins: parsed.data.embedOrigins,
    },
  });
  return redirect(`/consultations/${consultation.slug}/console?created=1`);
}

export default function NewConsultation() {
  const { locale } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t } = useTranslation('console');
  return (
    <div className="page page--narrow">
      <h1>{t('new.title')}</h1>
      <p>{t('new.intro')}</p>
      {data?.errors ? <FormMessage tone="error">{t('errors.summary')}</FormMessage> : null}
      <Form method="post" className="stack" noValidate>
        <ConsultationSettingsFields
          askOrganisation
          errors={data?.errors ?? {}}
          values={{ question: {}, description: {}, languages: [locale], defaultLanguage: locale, anonymity: 'allowed', moderation: 'post', primaryColor: '#1f3a5f', embedOrigins: '' }}
        />
        <button type="submit" className="button">
          {t('new.submit')}
        </button>
      </Form>
    </div>
  );
}
