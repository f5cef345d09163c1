import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { isMailDeliveryError } from '../server/mail.server';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ConsultationLink } from '../../platform/ui/consultation-link';
import { z } from 'zod';
import { emailField } from '../../platform/auth/forms';
import { segmentFields } from '../../platform/db/schema';
import { pickLanguage } from '../../platform/i18n/languages';
import {
  inviteMember,
  listMembers,
  pendingInvitations,
  revokeInvitation,
  setRoles,
  setSegmentFields,
} from '../server/members.server';
import { can } from '../../platform/policy';
import { consultationRoles } from '../../platform/roles';
import { Field, FormMessage, SelectField } from '../../platform/ui/form';
import { formatDate } from '../../platform/ui/format';
import { actorFor, requirePermission } from '../auth.server';
import { authorise, requireConsultation } from '../server/consultation.server';
import { i18next } from '../i18n.server';
import { badRequest, fieldErrors, formObject, noErrors, type FormErrors } from '../validation';

export const handle = { i18n: ['common', 'team', 'forms'] };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? 'Plenum' }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { consultation, actor } = await authorise(request, context, params.slug, 'members.view');
  const locale = await i18next.getLocale(request);
  const t = await i18next.getFixedT(locale, 'team');
  const mayManage = can(actor, 'members.manage', consultation);
  return {
    title: t('title'),
    slug: consultation.slug,
    question: pickLanguage(consultation.question, locale, consultation.default_language),
    // Client viewers see pseudonyms, never identities.
    members: await listMembers(context.db, consultation.id, { withIdentities: can(actor, 'identities.view', consultation) }),
    invitations: mayManage ? await pendingInvitations(context.db, consultation.id) : [],
    segmentFields: consultation.segment_fields,
    may: {
      invite: can(actor, 'members.invite', consultation),
      manage: mayManage,
      configureSegments: can(actor, 'segments.configure', consultation),
    },
    self: actor.userId,
  };
}

const roleField = z.enum(consultationRoles, { errorMap: () => ({ message: 'role.invalid' }) });
const schema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('invite'), email: emailField, role: roleField }),
  z.object({ intent: z.literal('setRoles'), userId: z.string().uuid(), roles: z.array(roleField) }),
  z.object({ intent: z.literal('revoke'), invitationId: z.string().uuid() }),
  z.object({ intent: z.literal('segments'), fields: z.array(z.enum(segmentFields)) }),
]);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const consultation = await requireConsultation(context, params.slug);
  const { actor, user } = await actorFor(request, context, consultation);
  const formData = await request.formData();
  const parsed = schema.safeParse(formObject(formData, ['roles', 'fields']));
  if (!parsed.success) {
    requirePermission(request, actor, 'members.view', consultation);
    return badRequest({ ok: null, errors: fieldErrors(parsed.error) });
  }
  const input = parsed.data;
  switch (input.intent) {
    case 'invite': {
      requirePermission(request, actor, 'members.invite', consultation);
      // The invitation is written in the consultation's language: the invitee's is unknown.
      const t = await i18next.getFixedT(consultation.default_language, 'emails');
      const sent = await inviteMember(
        { db: context.db, mailer: context.mailer, publicUrl: context.publicUrl, t },
        {
          consultation,
          question: pickLanguage(consultation.question, consultation.default_language, consultation.default_language).text,
          email: input.email,
          role: input.role,
          invitedBy: user!.id,
          inviterName: user!.display_name,
        },
      ).then(
        () => true,
        (error: unknown) => {
          if (!isMailDeliveryError(error)) throw error;
          context.logger.error({ err: error }, 'could not send an invitation');
          return false;
        },
      );
      if (!sent) return json({ ok: null, errors: { form: 'mailFailed' } as FormErrors }, { status: 503 });
      return { ok: { key: 'invited', email: input.email }, errors: noErrors };
    }
    case 'setRoles': {
      requirePermission(request, actor, 'members.manage', consultation);
      const current = await listMembers(context.db, consultation.id, { withIdentities: false });
      const member = current.find((m) => m.userId === input.userId);
      // Roles go to members only: anyone else comes in through an invitation they accept.
      if (!member) return badRequest({ ok: null, errors: { form: 'notMember' } as FormErrors });
      const saved = await setRoles(context.db, consultation.id, input.userId, input.roles);
      if (!saved.ok) return badRequest({ ok: null, errors: { form: saved.reason } as FormErrors });
      return { ok: { key: 'rolesSaved', email: '' }, errors: noErrors };
    }
    case 'revoke': {
      requirePermission(request, actor, 'members.manage', consultation);
      await revokeInvitation(context.db, consultation.id, input.invitationId);
      return { ok: { key: 'revoked', email: '' }, errors: noErrors };
    }
    case 'segments': {
      requirePermission(request, actor, 'segments.configure', consultation);
      await setSegmentFields(context.db, consultation.id, input.fields);
      return { ok: { key: 'segmentsSaved', email: '' }, errors: noErrors };
    }
  }
}

export default function Team() {
  const { slug, question, members, invitations, segmentFields: enabled, may, self } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t, i18n } = useTranslation(['team', 'forms']);
  const busy = useNavigation().state === 'submitting';
  return (
    <div className="page">
      <ConsultationLink slug={slug} question={question} />
      <h1>{t('title')}</h1>
      {data?.ok ? <FormMessage tone="success">{t(`messages.${data.ok.key}`, { email: data.ok.email })}</FormMessage> : null}
      {data?.errors.form ? <FormMessage tone="error">{t(`messages.${data.errors.form}`)}</FormMessage> : null}

      {may.invite ? (
        <section aria-labelledby="invite" className="panel">
          <h2 id="invite">{t('invite.title')}</h2>
          <Form method="post" className="inline-form" noValidate>
            <input type="hidden" name="intent" value="invite" />
            <Field label={t('invite.email')} name="email" type="email" autoComplete="off" required error={data?.errors.email ? t(`forms:${data.errors.email}`) : null} />
            <SelectField
              label={t('invite.role')}
              name="role"
              defaultValue="participant"
              options={consultationRoles.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
              error={data?.errors.role ? t(`forms:${data.errors.role}`) : null}
            />
            <button type="submit" className="button" disabled={busy}>
              {t('invite.submit')}
            </button>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="members">
        <h2 id="members">{t('members.title', { count: members.length })}</h2>
        {members.length === 0 ? (
          <p className="empty-state">{t('members.empty')}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('members.person')}</th>
                <th scope="col">{t('members.roles')}</th>
                <th scope="col">{t('members.source')}</th>
              </tr>
            </thead>
            <tbody>
              {members.map((member) => (
                <tr key={member.userId}>
                  <td>
                    {member.identity ? (
                      <>
                        {member.identity.displayName}
                        {member.identity.email ? <span className="muted"> · {member.identity.email}</span> : null}
                        {member.isAnonymous ? <span className="muted"> · {t('members.pseudonymous')}</span> : null}
                      </>
                    ) : (
                      member.pseudonym
                    )}
                  </td>
                  <td>
                    {may.manage && member.userId !== self ? (
                      <Form method="post" className="role-form">
                        <input type="hidden" name="intent" value="setRoles" />
                        <input type="hidden" name="userId" value={member.userId} />
                        <fieldset>
                          <legend className="visually-hidden">{t('members.rolesOf', { name: member.identity?.displayName ?? member.pseudonym })}</legend>
                          {consultationRoles.map((role) => (
                            <label key={role} className="checkbox">
                              <input type="checkbox" name="roles" value={role} defaultChecked={member.roles.includes(role)} /> {t(`roles.${role}`)}
                            </label>
                          ))}
                        </fieldset>
                        <button type="submit" className="button button--small" disabled={busy}>
                          {t('members.saveRoles')}
                        </button>
                      </Form>
                    ) : (
                      member.roles.map((role) => t(`roles.${role}`)).join(', ')
                    )}
                  </td>
                  <td>{member.source ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {may.manage ? (
        <section aria-labelledby="pending">
          <h2 id="pending">{t('invitations.title')}</h2>
          {invitations.length === 0 ? (
            <p className="empty-state">{t('invitations.empty')}</p>
          ) : (
            <ul className="plain-list">
              {invitations.map((invitation) => (
                <li key={invitation.id}>
                  {invitation.email} · {t(`roles.${invitation.role}`)} ·{' '}
                  {t('invitations.expires', { date: formatDate(invitation.expires_at, i18n.language) })}
                  <Form method="post" className="inline">
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="invitationId" value={invitation.id} />
                    <button type="submit" className="button button--small button--secondary" aria-label={t('invitations.revokeFor', { email: invitation.email })}>
                      {t('invitations.revoke')}
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}

      {may.configureSegments ? (
        <section aria-labelledby="segments" className="panel">
          <h2 id="segments">{t('segments.title')}</h2>
          <p>{t('segments.help')}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="segments" />
            <fieldset>
              <legend>{t('segments.legend')}</legend>
              {segmentFields.map((field) => (
                <label key={field} className="checkbox">
                  <input type="checkbox" name="fields" value={field} defaultChecked={enabled.includes(field)} /> {t(`forms:segment.${field}`)}
                </label>
              ))}
            </fieldset>
            <button type="submit" className="button" disabled={busy}>
              {t('segments.save')}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
