import {
  unstable_createMemoryUploadHandler as createMemoryUploadHandler,
  unstable_parseMultipartFormData as parseMultipartFormData,
  MaxPartSizeExceededError,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { moduleManifests } from '../../modules/index';
import { contentLanguages, questionsFromForm, settingsForm } from '../../platform/consultations/settings-form';
import { pickLanguage } from '../../platform/i18n/languages';
import { allPhases, isPhase, type LifecycleEvent, type LifecycleEventType, type Phase } from '../../platform/phases';
import { ConsultationSettingsFields } from '../../platform/ui/consultation-settings-fields';
import { Field, FormMessage, SelectField } from '../../platform/ui/form';
import { formatDate, nativeLanguageName } from '../../platform/ui/format';
import { requirePermission } from '../auth.server';
import { i18next } from '../i18n.server';
import { authorise } from '../server/consultation.server';
import { addModuleInstance, addTheme, parseDescriptions, removeModuleInstance, removeTheme, setPhasePlan, updateConsultation } from '../server/consultation-edit.server';
import { consultationBySlug, moduleInstancesOf, phaseScheduleOf } from '../server/consultations.server';
import { runsWholeOrganisation } from '../server/members.server';
import { maxLogoBytes, saveLogo } from '../server/uploads.server';
import { availableEvents, PhaseTransitionError, phaseHistory, switchPhase } from '../server/lifecycle.server';
import { badRequest, fieldErrors, formObject, type FormErrors } from '../validation';

export const handle = { i18n: ['common', 'console', 'forms'] };

const threadPhases: readonly Phase[] = moduleManifests.thread!.phases;
/** Kinds the console adds with their default configuration, then sets up on their settings page. */
const addableKinds = (phase: Phase) => Object.keys(moduleManifests).filter((kind) => moduleManifests[kind]!.defaultConfig !== undefined && moduleManifests[kind]!.phases.includes(phase));

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'Plenum' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { consultation, actor } = await authorise(request, context, params.slug, 'consultation.configure');
  const locale = await i18next.getLocale(request);
  const t = await i18next.getFixedT(locale, 'console');
  const page = (await consultationBySlug(context.db, consultation.slug))!;
  const [schedule, instances, history] = await Promise.all([
    phaseScheduleOf(context.db, consultation.id),
    moduleInstancesOf(context.db, consultation.id),
    phaseHistory(context.db, consultation.id),
  ]);
  const pick = (text: Record<string, string | undefined>) => pickLanguage(text, locale, consultation.default_language);
  const themeTitles = new Map(page.themes.flatMap((theme) => [theme, ...theme.children]).map((theme) => [theme.id, theme.title]));
  return {
    title: t('consultation.title', { question: pick(consultation.question).text }),
    slug: consultation.slug,
    question: pick(consultation.question),
    state: consultation.lifecycle_state,
    version: consultation.lifecycle_version,
    phases: consultation.phases,
    events: availableEvents(consultation.lifecycle_state, consultation.phases),
    plan: allPhases.map((phase) => {
      const dates = schedule.find((row) => row.phase === phase);
      return {
        phase,
        used: consultation.phases.includes(phase),
        opensAt: dates?.opens_at?.toISOString().slice(0, 10) ?? '',
        closesAt: dates?.closes_at?.toISOString().slice(0, 10) ?? '',
        modules: instances
          .filter((instance) => instance.phase === phase)
          .map((instance) => ({
            id: instance.id,
            kind: instance.kind,
            name: pick(moduleManifests[instance.kind]?.name ?? { en: instance.kind }).text,
            label:
              pick(((instance.config as { title?: Record<string, string> }).title ?? {}) as Record<string, string>).text ||
              pick(themeTitles.get(instance.theme_id ?? '') ?? {}).text,
          })),
      };
    }),
    themes: page.themes.map((theme) => ({ id: theme.id, title: pick(theme.title), children: theme.children.map((child) => ({ id: child.id, title: pick(child.title) })) })),
    settings: {
      question: consultation.question as Record<string, string>,
      description: consultation.description,
      languages: consultation.languages,
      defaultLanguage: consultation.default_language,
      anonymity: consultation.anonymity,
      moderation: consultation.moderation,
      primaryColor: page.organisation.primary_color,
      embedOrigins: consultation.embed_origins.join('\n'),
    },
    logoUrl: page.organisation.logo_url,
    organisationName: page.organisation.name,
    history: history.map((row) => ({ ...row, createdAt: row.created_at.toISOString() })),
  };
}

// A calendar day that exists: "2026-02-30" is refused rather than moved to March.
const optionalDate = z
  .string()
  .trim()
  .refine((value) => value === '' || (/^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value)), 'date.invalid')
  .transform((value) => (value ? new Date(`${value}T00:00:00Z`) : null));

const intents = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('switch'),
    event: z.enum(['open', 'next', 'back', 'close', 'reopen']),
    reason: z.string().trim().max(500, 'text.tooLong').default(''),
    version: z.coerce.number().int().min(0),
  }),
  z.object({ intent: z.literal('phases'), used: z.array(z.enum(allPhases)) }),
  z.object({ intent: z.literal('addNotice'), phase: z.enum(allPhases), title_fr: z.string().trim().max(200).default(''), title_en: z.string().trim().max(200).default(''), body_fr: z.string().trim().max(5000).default(''), body_en: z.string().trim().max(5000).default('') }),
  z.object({ intent: z.literal('addThread'), phase: z.enum(allPhases), themeId: z.union([z.literal(''), z.string().uuid()]).default(''), title_fr: z.string().trim().max(200, 'text.tooLong').default(''), title_en: z.string().trim().max(200, 'text.tooLong').default('') }),
  z.object({ intent: z.literal('addModule'), phase: z.enum(allPhases), kind: z.string().max(40) }),
  z.object({ intent: z.literal('removeModule'), instanceId: z.string().uuid() }),
  z.object({ intent: z.literal('addTheme'), title_fr: z.string().trim().max(120, 'text.tooLong').default(''), title_en: z.string().trim().max(120, 'text.tooLong').default(''), parentId: z.union([z.literal(''), z.string().uuid()]) }),
  z.object({ intent: z.literal('removeTheme'), themeId: z.string().uuid() }),
  z.object({ intent: z.literal('settings') }),
  z.object({ intent: z.literal('logo') }),
]);

type Result = { ok: string | null; errors: FormErrors; section: string };
const done = (section: string, ok: string): Result => ({ ok, errors: {}, section });
const refused = (section: string, errors: FormErrors) => badRequest<Result>({ ok: null, errors, section });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { consultation, actor } = await authorise(request, context, params.slug, 'consultation.configure');
  let form: FormData;
  try {
    form = request.headers.get('Content-Type')?.startsWith('multipart/form-data')
      ? await parseMultipartFormData(request, createMemoryUploadHandler({ maxPartSize: maxLogoBytes }))
      : await request.formData();
  } catch (error) {
    // A file over the limit stops the upload before it is read whole.
    if (error instanceof MaxPartSizeExceededError) return refused('logo', { logo: 'logo.tooLarge' });
    throw error;
  }
  const parsed = intents.safeParse(formObject(form, ['used']));
  if (!parsed.success) return refused(String(form.get('intent') ?? 'form'), fieldErrors(parsed.error));
  const input = parsed.data;
  // Branding belongs to the organisation: only someone who runs all its consultations changes it.
  const mayBrand = async () => actor.isPlatformAdmin || runsWholeOrganisation(context.db, consultation.organisation_id, actor.userId!);

  switch (input.intent) {
    case 'switch': {
      requirePermission(request, actor, 'phase.switch', consultation);
      const event: LifecycleEvent = input.event === 'back' ? { type: 'back', reason: input.reason } : { type: input.event };
      try {
        const moved = await switchPhase(context.db, { consultationId: consultation.id, actor, event, expectedVersion: input.version });
        // After the commit: every open page of the consultation follows at once.
        context.realtime.toConsultation(consultation.id, 'phase:changed', { from: moved.from, to: moved.to });
        return done('phase', 'switched');
      } catch (error) {
        if (error instanceof PhaseTransitionError) return refused('phase', { form: `transition.${error.code}` });
        throw error;
      }
    }
    case 'phases': {
      const plan: { phase: Phase; opensAt: Date | null; closesAt: Date | null }[] = [];
      const errors: FormErrors = {};
      for (const phase of allPhases.filter((p) => input.used.includes(p))) {
        const opens = optionalDate.safeParse(form.get(`opens_${phase}`) ?? '');
        const closes = optionalDate.safeParse(form.get(`closes_${phase}`) ?? '');
        if (!opens.success) errors[`opens_${phase}`] = 'date.invalid';
        if (!closes.success) errors[`closes_${phase}`] = 'date.invalid';
        if (opens.success && closes.success && opens.data && closes.data && closes.data <= opens.data) errors[`closes_${phase}`] = 'date.order';
        if (opens.success && closes.success) plan.push({ phase, opensAt: opens.data, closesAt: closes.data });
      }
      if (plan.length === 0) errors.form = 'phases.none';
      // The current phase cannot be taken away from under the participants.
      if (isPhase(consultation.lifecycle_state) && !input.used.includes(consultation.lifecycle_state)) errors.form = 'phases.current';
      if (Object.keys(errors).length > 0) return refused('phases', errors);
      await setPhasePlan(context.db, consultation.id, plan);
      return done('phases', 'phasesSaved');
    }
    case 'addNotice': {
      const config = { title: { fr: input.title_fr, en: input.title_en }, body: { fr: input.body_fr, en: input.body_en } };
      const valid = moduleManifests.notice!.configSchema.safeParse({
        title: Object.fromEntries(Object.entries(config.title).filter(([, v]) => v)),
        body: Object.fromEntries(Object.entries(config.body).filter(([, v]) => v)),
      });
      if (!valid.success) return refused(`notice-${input.phase}`, { [`title-${input.phase}`]: 'notice.title' });
      await addModuleInstance(context.db, consultation.id, { phase: input.phase, kind: 'notice', config: valid.data, themeId: null });
      return done(`notice-${input.phase}`, 'moduleAdded');
    }
    case 'addThread': {
      const themeIds = (await consultationBySlug(context.db, consultation.slug))!.themes.flatMap((theme) => [theme.id, ...theme.children.map((child) => child.id)]);
      if (input.themeId && !themeIds.includes(input.themeId)) return refused(`thread-${input.phase}`, { [`thread-theme-${input.phase}`]: 'thread.theme' });
      if (!moduleManifests.thread!.phases.includes(input.phase)) return refused(`thread-${input.phase}`, { [`thread-theme-${input.phase}`]: 'thread.phase' });
      const title = Object.fromEntries(Object.entries({ fr: input.title_fr, en: input.title_en }).filter(([, v]) => v));
      await addModuleInstance(context.db, consultation.id, { phase: input.phase, kind: 'thread', config: moduleManifests.thread!.configSchema.parse({ title }), themeId: input.themeId || null });
      return done(`thread-${input.phase}`, 'moduleAdded');
    }
    case 'addModule': {
      const manifest = moduleManifests[input.kind];
      if (!manifest || manifest.defaultConfig === undefined || !manifest.phases.includes(input.phase)) return refused(`module-${input.phase}`, { [`module-kind-${input.phase}`]: 'module.kind' });
      await addModuleInstance(context.db, consultation.id, { phase: input.phase, kind: input.kind, config: manifest.configSchema.parse(manifest.defaultConfig), themeId: null });
      return done(`module-${input.phase}`, 'moduleAdded');
    }
    case 'removeModule':
      try {
        await removeModuleInstance(context.db, consultation.id, input.instanceId);
      } catch {
        // The database keeps a module that holds contributions (posts…): they are not the team's to erase.
        return refused('phases', { form: 'modules.inUse' });
      }
      return done('phases', 'moduleRemoved');
    case 'addTheme': {
      const title = Object.fromEntries(Object.entries({ fr: input.title_fr, en: input.title_en }).filter(([, v]) => v));
      if (Object.keys(title).length === 0) return refused('themes', { title_fr: 'theme.title' });
      try {
        await addTheme(context.db, consultation.id, { title, parentId: input.parentId || null });
      } catch {
        // The database refuses a sub-theme of a sub-theme, or a parent from elsewhere.
        return refused('themes', { parentId: 'theme.depth' });
      }
      return done('themes', 'themeAdded');
    }
    case 'removeTheme':
      await removeTheme(context.db, consultation.id, input.themeId);
      return done('themes', 'themeRemoved');
    case 'logo': {
      if (!(await mayBrand())) return refused('logo', { logo: 'logo.shared' });
      const file = form.get('logo');
      const bytes = file instanceof Blob && file.size > 0 ? new Uint8Array(await file.arrayBuffer()) : null;
      const saved = await saveLogo(context.db, { organisationId: consultation.organisation_id, bytes, uploadedBy: actor.userId! });
      if (!saved.ok) return refused('logo', { logo: `logo.${saved.problem}` });
      return done('logo', 'logoSaved');
    }
    case 'settings': {
      const settings = settingsForm.safeParse(formObject(form, ['languages']));
      if (!settings.success) return refused('settings', fieldErrors(settings.error));
      const descriptions = parseDescriptions(Object.fromEntries(form), settings.data.languages);
      if (!descriptions.ok) return refused('settings', descriptions.errors);
      const { primary_color } = await context.db.selectFrom('organisations').select('primary_color').where('id', '=', consultation.organisation_id).executeTakeFirstOrThrow();
      if (settings.data.primaryColor.toLowerCase() !== primary_color.toLowerCase() && !(await mayBrand())) {
        return refused('settings', { primaryColor: 'color.shared' });
      }
      await updateConsultation(context.db, consultation, {
        question: questionsFromForm(settings.data),
        description: descriptions.description,
        languages: settings.data.languages,
        defaultLanguage: settings.data.defaultLanguage,
        anonymity: settings.data.anonymity,
        moderation: settings.data.moderation,
        primaryColor: settings.data.primaryColor,
        embedOrigins: settings.data.embedOrigins,
      });
      return done('settings', 'settingsSaved');
    }
  }
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

export default function ConsultationConsole() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation(['console', 'common']);
  const [params] = useSearchParams();
  const message = (section: string) =>
    result && result.section === section ? (
      result.ok ? (
        <FormMessage tone="success">{t(`saved.${result.ok}`)}</FormMessage>
      ) : result.errors.form ? (
        <FormMessage tone="error">{t(`errors.${result.errors.form}`)}</FormMessage>
      ) : (
        <FormMessage tone="error">{t('errors.summary')}</FormMessage>
      )
    ) : null;
  const errors = result?.errors ?? {};
  return (
    <div className="page console">
      <p>
        <Link to={`/consultations/${data.slug}`} lang={data.question.lang}>
          {t('consultation.publicPage')}
        </Link>{' '}
        · <Link to={`/consultations/${data.slug}/team`}>{t('consultation.team')}</Link>
      </p>
      <h1 lang={data.question.lang}>{data.question.text}</h1>
      {params.get('created') && !result ? <FormMessage tone="success">{t('saved.created')}</FormMessage> : null}

      <PhaseSwitch data={data} message={message('phase')} />

      <section aria-labelledby="plan" className="panel">
        <h2 id="plan">{t('plan.title')}</h2>
        <p>{t('plan.help')}</p>
        {message('phases')}
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="phases" />
          <table className="table">
            <caption className="visually-hidden">{t('plan.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('plan.phase')}</th>
                <th scope="col">{t('plan.opens')}</th>
                <th scope="col">{t('plan.closes')}</th>
              </tr>
            </thead>
            <tbody>
              {data.plan.map(({ phase, used, opensAt, closesAt }) => (
                <tr key={phase}>
                  <td>
                    <label className="checkbox">
                      <input type="checkbox" name="used" value={phase} defaultChecked={used} /> {t(`common:phases.${phase}`)}
                    </label>
                  </td>
                  <td>
                    <Field label={t('plan.opensOf', { phase: t(`common:phases.${phase}`) })} name={`opens_${phase}`} type="date" defaultValue={opensAt} error={errors[`opens_${phase}`] ? t(`errors.${errors[`opens_${phase}`]}`) : null} />
                  </td>
                  <td>
                    <Field label={t('plan.closesOf', { phase: t(`common:phases.${phase}`) })} name={`closes_${phase}`} type="date" defaultValue={closesAt} error={errors[`closes_${phase}`] ? t(`errors.${errors[`closes_${phase}`]}`) : null} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="submit" className="button">
            {t('plan.save')}
          </button>
        </Form>
        {data.plan
          .filter(({ used }) => used)
          .map(({ phase, modules }) => (
            <section key={phase} aria-labelledby={`modules-${phase}`} className="stack phase-config">
              <h3 id={`modules-${phase}`}>{t('modules.of', { phase: t(`common:phases.${phase}`) })}</h3>
              {modules.length === 0 ? (
                <p className="empty-state">{t('modules.none')}</p>
              ) : (
                <ul className="plain-list">
                  {modules.map((module) => (
                    <li key={module.id}>
                      {module.name}
                      {module.label ? ` · ${module.label}` : ''}
                      {moduleManifests[module.kind]?.Settings ? (
                        <>
                          {' '}
                          <Link to={`/consultations/${data.slug}/modules/${module.id}/settings`} aria-label={t('moduleSettings.openNamed', { name: module.label || module.name })}>
                            {t('moduleSettings.open')}
                          </Link>
                        </>
                      ) : null}
                      <Form method="post" className="inline">
                        <input type="hidden" name="intent" value="removeModule" />
                        <input type="hidden" name="instanceId" value={module.id} />
                        <button type="submit" className="button button--small button--secondary" aria-label={t('modules.removeNamed', { name: module.label || module.name })}>
                          {t('modules.remove')}
                        </button>
                      </Form>
                    </li>
                  ))}
                </ul>
              )}
              {message(`notice-${phase}`)}
              {message(`thread-${phase}`)}
              {message(`module-${phase}`)}
              {addableKinds(phase).length > 0 ? (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="addModule" />
                  <input type="hidden" name="phase" value={phase} />
                  <SelectField
                    id={`module-kind-${phase}`}
                    label={t('modules.kind')}
                    name="kind"
                    error={errors[`module-kind-${phase}`] ? t(`errors.${errors[`module-kind-${phase}`]}`) : null}
                    options={addableKinds(phase).map((kind) => ({ value: kind, label: pickLanguage(moduleManifests[kind]!.name, i18n.language, 'en').text }))}
                  />
                  <button type="submit" className="button button--secondary">
                    {t('modules.addModuleTo', { phase: t(`common:phases.${phase}`) })}
                  </button>
                </Form>
              ) : null}
              {threadPhases.includes(phase) ? (
                <details>
                  <summary>{t('modules.addThread')}</summary>
                  <Form method="post" className="stack" noValidate>
                    <input type="hidden" name="intent" value="addThread" />
                    <input type="hidden" name="phase" value={phase} />
                    <SelectField
                      id={`thread-theme-${phase}`}
                      label={t('modules.threadTheme')}
                      name="themeId"
                      error={errors[`thread-theme-${phase}`] ? t(`errors.${errors[`thread-theme-${phase}`]}`) : null}
                      options={[
                        { value: '', label: t('modules.threadWhole') },
                        ...data.themes.flatMap((theme) => [
                          { value: theme.id, label: theme.title.text, lang: theme.title.lang },
                          ...theme.children.map((child) => ({ value: child.id, label: `— ${child.title.text}`, lang: child.title.lang })),
                        ]),
                      ]}
                    />
                    {contentLanguages.map((lang) => (
                      <Field key={lang} label={t('modules.threadTitleIn', { language: nativeLanguageName(lang) })} id={`thread-title-${phase}-${lang}`} name={`title_${lang}`} lang={lang} />
                    ))}
                    <p className="field__hint">{t('modules.threadTitleHint')}</p>
                    <button type="submit" className="button">
                      {t('modules.addThreadTo', { phase: t(`common:phases.${phase}`) })}
                    </button>
                  </Form>
                </details>
              ) : null}
              <details>
                <summary>{t('modules.addNotice')}</summary>
                <Form method="post" className="stack" noValidate>
                  <input type="hidden" name="intent" value="addNotice" />
                  <input type="hidden" name="phase" value={phase} />
                  {contentLanguages.map((lang) => (
                    <fieldset key={lang} className="stack">
                      <legend>{nativeLanguageName(lang)}</legend>
                      <Field
                        label={t('modules.noticeTitle')}
                        id={`notice-title-${phase}-${lang}`}
                        name={`title_${lang}`}
                        lang={lang}
                        error={lang === 'fr' && errors[`title-${phase}`] ? t(`errors.${errors[`title-${phase}`]}`) : null}
                      />
                      <div className="field">
                        <label htmlFor={`notice-body-${phase}-${lang}`}>{t('modules.noticeBody')}</label>
                        <textarea id={`notice-body-${phase}-${lang}`} name={`body_${lang}`} lang={lang} rows={3} />
                      </div>
                    </fieldset>
                  ))}
                  <button type="submit" className="button">
                    {t('modules.addNoticeTo', { phase: t(`common:phases.${phase}`) })}
                  </button>
                </Form>
              </details>
            </section>
          ))}
      </section>

      <Themes data={data} message={message('themes')} errors={result?.section === 'themes' ? errors : {}} />

      <section aria-labelledby="settings" className="panel">
        <h2 id="settings">{t('settings.title')}</h2>
        {message('settings')}
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="settings" />
          <ConsultationSettingsFields askOrganisation={false} values={data.settings} errors={result?.section === 'settings' ? errors : {}} />
          <button type="submit" className="button">
            {t('settings.save')}
          </button>
        </Form>
      </section>

      <section aria-labelledby="logo" className="panel">
        <h2 id="logo">{t('logo.title')}</h2>
        {message('logo')}
        {data.logoUrl ? <img src={data.logoUrl} alt={t('logo.current', { organisation: data.organisationName })} className="logo-preview" /> : <p>{t('logo.none')}</p>}
        <Form method="post" encType="multipart/form-data" className="stack" noValidate>
          <input type="hidden" name="intent" value="logo" />
          <Field
            label={t('logo.file')}
            name="logo"
            type="file"
            accept="image/png,image/jpeg,image/webp"
            hint={t('logo.hint', { size: Math.round(maxLogoBytes / 1024) })}
            error={result?.section === 'logo' && errors.logo ? t(`errors.${errors.logo}`, { size: Math.round(maxLogoBytes / 1024) }) : null}
          />
          <button type="submit" className="button">
            {t('logo.save')}
          </button>
        </Form>
      </section>

      <History data={data} />
    </div>
  );
}

/** Switching phase goes through a confirmation that says what will happen. */
function PhaseSwitch({ data, message }: { data: Data; message: React.ReactNode }) {
  const { t } = useTranslation(['console', 'common']);
  const [params] = useSearchParams();
  const busy = useNavigation().state === 'submitting';
  const confirming = params.get('confirm') as LifecycleEventType | null;
  const event = confirming && data.events.includes(confirming) ? confirming : null;
  // The link that was pressed disappears: keyboard and screen-reader users are taken to the
  // confirmation, and back to the phase buttons when they cancel.
  const confirmHeading = useRef<HTMLHeadingElement>(null);
  const buttons = useRef<HTMLUListElement>(null);
  const wasConfirming = useRef(false);
  useEffect(() => {
    if (event) confirmHeading.current?.focus();
    else if (wasConfirming.current) buttons.current?.querySelector<HTMLElement>('a, button')?.focus();
    wasConfirming.current = Boolean(event);
  }, [event]);
  return (
    <section aria-labelledby="phase" className="panel">
      <h2 id="phase">{t('phase.title')}</h2>
      <p>
        {t('phase.current')} <strong>{t(`common:phases.${data.state}`)}</strong>
      </p>
      {message}
      {event ? (
        <Form method="post" className="stack confirm" aria-labelledby="confirm-title">
          <h3 id="confirm-title" ref={confirmHeading} tabIndex={-1}>
            {t(`phase.confirm.${event}`)}
          </h3>
          <p>{t('phase.confirmHelp')}</p>
          <input type="hidden" name="intent" value="switch" />
          <input type="hidden" name="event" value={event} />
          <input type="hidden" name="version" value={data.version} />
          {event === 'back' ? <Field label={t('phase.reason')} name="reason" required hint={t('phase.reasonHint')} /> : null}
          <div className="button-row">
            <button type="submit" className="button" disabled={busy}>
              {t(`phase.do.${event}`)}
            </button>
            <Link to="?" className="button button--secondary">
              {t('phase.cancel')}
            </Link>
          </div>
        </Form>
      ) : data.events.length === 0 ? (
        <p>{t('phase.nothing')}</p>
      ) : (
        <ul className="button-row plain-list" ref={buttons}>
          {data.events.map((name) => (
            <li key={name}>
              <Link to={`?confirm=${name}`} className={`button${name === 'back' || name === 'close' ? ' button--secondary' : ''}`}>
                {t(`phase.do.${name}`)}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Themes({ data, message, errors }: { data: Data; message: React.ReactNode; errors: FormErrors }) {
  const { t } = useTranslation('console');
  const remove = (id: string, name: string) => (
    <Form method="post" className="inline">
      <input type="hidden" name="intent" value="removeTheme" />
      <input type="hidden" name="themeId" value={id} />
      <button type="submit" className="button button--small button--secondary" aria-label={t('themes.removeNamed', { name })}>
        {t('themes.remove')}
      </button>
    </Form>
  );
  return (
    <section aria-labelledby="themes" className="panel">
      <h2 id="themes">{t('themes.title')}</h2>
      {message}
      {data.themes.length === 0 ? (
        <p className="empty-state">{t('themes.none')}</p>
      ) : (
        <ul className="plain-list">
          {data.themes.map((theme) => (
            <li key={theme.id}>
              <span lang={theme.title.lang}>{theme.title.text}</span> {remove(theme.id, theme.title.text)}
              {theme.children.length > 0 ? (
                <ul className="plain-list nested">
                  {theme.children.map((child) => (
                    <li key={child.id}>
                      <span lang={child.title.lang}>{child.title.text}</span> {remove(child.id, child.title.text)}
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="intent" value="addTheme" />
        <h3>{t('themes.add')}</h3>
        {contentLanguages.map((lang) => (
          <Field key={lang} label={t('themes.titleIn', { language: nativeLanguageName(lang) })} name={`title_${lang}`} lang={lang} error={errors[`title_${lang}`] ? t(`errors.${errors[`title_${lang}`]}`) : null} />
        ))}
        <div className="field">
          <label htmlFor="field-parentId">{t('themes.parent')}</label>
          <select id="field-parentId" name="parentId" defaultValue="" aria-describedby={errors.parentId ? 'field-parentId-error' : undefined}>
            <option value="">{t('themes.topLevel')}</option>
            {data.themes.map((theme) => (
              <option key={theme.id} value={theme.id}>
                {theme.title.text}
              </option>
            ))}
          </select>
          {errors.parentId ? (
            <p className="field__error" id="field-parentId-error">
              {t(`errors.${errors.parentId}`)}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button">
          {t('themes.addSubmit')}
        </button>
      </Form>
    </section>
  );
}

function History({ data }: { data: Data }) {
  const { t, i18n } = useTranslation(['console', 'common']);
  return (
    <section aria-labelledby="history" className="panel">
      <h2 id="history">{t('history.title')}</h2>
      {data.history.length === 0 ? (
        <p className="empty-state">{t('history.none')}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('history.when')}</th>
              <th scope="col">{t('history.change')}</th>
              <th scope="col">{t('history.who')}</th>
              <th scope="col">{t('history.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {data.history.map((row) => (
              <tr key={row.id}>
                <td>{formatDate(row.createdAt, i18n.language)}</td>
                <td>
                  {t(`common:phases.${row.from_state}`)} → {t(`common:phases.${row.to_state}`)}
                </td>
                <td>{row.scheduled ? t('history.scheduler') : (row.actor_name ?? t('history.unknown'))}</td>
                <td>{row.reason ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
