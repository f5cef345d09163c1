import { json, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ZodError } from 'zod';
import { moduleManifests, moduleNamespaces } from '../../modules/index';
import { moduleStylesheets } from '../module-styles';
import { pickLanguage } from '../../platform/i18n/languages';
import { isModuleInputError } from '../../platform/modules/errors';
import { ConsultationLink } from '../../platform/ui/consultation-link';
import { authorise } from '../server/consultation.server';
import { loadModuleSettings, saveModuleSettings } from '../server/phases.server';
import { i18next } from '../i18n.server';

export const links: LinksFunction = () => moduleStylesheets;

export const handle = { i18n: ['common', 'console', 'forms', ...moduleNamespaces] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.heading} · Plenum` : 'Plenum' }];

/** A module instance's settings, for strategists, in any phase (modules are prepared before they open). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { consultation, actor } = await authorise(request, context, params.slug, 'consultation.configure');
  const locale = await i18next.getLocale(request);
  const settings = await loadModuleSettings(context.db, { actor, consultation, instanceId: params.instanceId ?? '', locale });
  if (!settings) throw new Response('Not found', { status: 404 });
  const t = await i18next.getFixedT(locale, ['console', 'common']);
  const manifest = moduleManifests[settings.kind]!;
  const pick = (text: Partial<Record<string, string>>) => pickLanguage(text, locale, consultation.default_language);
  return {
    slug: consultation.slug,
    question: pick(consultation.question),
    heading: t('moduleSettings.title', { module: pick(manifest.name).text, phase: t(`common:phases.${settings.phase}`) }),
    languages: consultation.languages,
    defaultLanguage: consultation.default_language,
    settings,
  };
}

type Answer = { saved: boolean; errors: Record<string, string> };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { consultation, actor } = await authorise(request, context, params.slug, 'consultation.configure');
  const locale = await i18next.getLocale(request);
  try {
    await saveModuleSettings(context.db, { actor, consultation, instanceId: params.instanceId ?? '', form: await request.formData(), locale });
    return json<Answer>({ saved: true, errors: {} });
  } catch (error) {
    if (isModuleInputError(error)) return json<Answer>({ saved: false, errors: { [error.field]: error.code } }, { status: error.status });
    // The module's reading passed something its own schema refuses: a mistake in the form, not a crash.
    if (error instanceof ZodError) return json<Answer>({ saved: false, errors: { form: 'settings.invalid' } }, { status: 400 });
    if (error instanceof Error && error.name === 'ModuleUnavailableError') throw new Response('Not found', { status: 404 });
    throw error;
  }
}

export default function ModuleSettings() {
  const data = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t, i18n } = useTranslation('console');
  const Settings = moduleManifests[data.settings.kind]?.Settings;
  return (
    <div className="page module-settings">
      <ConsultationLink slug={data.slug} question={data.question} />
      <p>
        <Link to={`/consultations/${data.slug}/console`}>{t('moduleSettings.back')}</Link>
      </p>
      <h1>{data.heading}</h1>
      {Settings ? (
        <Settings
          config={data.settings.config}
          data={data.settings.data}
          slug={data.slug}
          instanceId={data.settings.id}
          languages={data.languages}
          locale={i18n.language}
          defaultLanguage={data.defaultLanguage}
          errors={answer?.errors ?? {}}
          saved={answer?.saved ?? false}
        />
      ) : null}
    </div>
  );
}
