import type { TFunction } from 'i18next';
import { sql, type Kysely } from 'kysely';
import { hashToken, newSecretToken, normaliseEmail } from '../auth/tokens.server';
import type { Consultation, Database, SegmentField } from '../db/schema';
import type { Mailer } from '../mail/mail.server';
import type { ConsultationRole } from '../roles';

const invitationLifetimeMs = 14 * 24 * 60 * 60 * 1000;

/** The roles a user holds in a consultation. */
export async function rolesOf(db: Kysely<Database>, userId: string, consultationId: string): Promise<Set<ConsultationRole>> {
  const rows = await db
    .selectFrom('memberships')
    .select('role')
    .where('user_id', '=', userId)
    .where('consultation_id', '=', consultationId)
    .execute();
  return new Set(rows.map((row) => row.role));
}

/**
 * Makes a user a participant of a consultation, remembering the campaign that brought them
 * (`?src=`). Joining twice changes nothing, and the first source is kept.
 */
export async function joinConsultation(db: Kysely<Database>, consultationId: string, userId: string, source: string | null): Promise<void> {
  await db
    .insertInto('memberships')
    .values({ consultation_id: consultationId, user_id: userId, role: 'participant', source })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export interface MemberRow {
  userId: string;
  /** The name and e-mail, or null when the reader may not see identities. */
  identity: { displayName: string; email: string | null } | null;
  pseudonym: string;
  isAnonymous: boolean;
  roles: ConsultationRole[];
  source: string | null;
}

/** The members of a consultation with their roles; identities only for those allowed to see them. */
export async function listMembers(db: Kysely<Database>, consultationId: string, { withIdentities }: { withIdentities: boolean }): Promise<MemberRow[]> {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.display_name', 'u.email', 'u.pseudonym', 'u.is_anonymous', 'm.role', 'm.source'])
    .where('m.consultation_id', '=', consultationId)
    .orderBy('u.created_at')
    .execute();
  const members = new Map<string, MemberRow>();
  for (const row of rows) {
    const member = members.get(row.id) ?? {
      userId: row.id,
      identity: withIdentities ? { displayName: row.display_name, email: row.email } : null,
      pseudonym: row.pseudonym,
      isAnonymous: row.is_anonymous,
      roles: [],
      source: null,
    };
    member.roles.push(row.role);
    member.source ??= row.source;
    members.set(row.id, member);
  }
  return [...members.values()];
}

/**
 * Replaces a member's roles. A consultation keeps at least one strategist: the strategists'
 * rows are locked while this runs, so two strategists removing each other at the same moment
 * cannot both succeed.
 */
export async function setRoles(
  db: Kysely<Database>,
  consultationId: string,
  userId: string,
  roles: ConsultationRole[],
): Promise<{ ok: true } | { ok: false; reason: 'lastStrategist' }> {
  return db.transaction().execute(async (trx) => {
    const strategists = await trx
      .selectFrom('memberships')
      .select('user_id')
      .where('consultation_id', '=', consultationId)
      .where('role', '=', 'strategist')
      .forUpdate()
      .execute();
    const removesLast = !roles.includes('strategist') && strategists.length === 1 && strategists[0]?.user_id === userId;
    if (removesLast) return { ok: false as const, reason: 'lastStrategist' as const };
    const keep = await trx
      .selectFrom('memberships')
      .select('source')
      .where('consultation_id', '=', consultationId)
      .where('user_id', '=', userId)
      .where('source', 'is not', null)
      .executeTakeFirst();
    await trx.deleteFrom('memberships').where('consultation_id', '=', consultationId).where('user_id', '=', userId).execute();
    if (roles.length > 0) {
      await trx
        .insertInto('memberships')
        .values(roles.map((role) => ({ consultation_id: consultationId, user_id: userId, role, source: keep?.source ?? null })))
        .execute();
    }
    return { ok: true as const };
  });
}

// ---- invitations -------------------------------------------------------------------------

export interface InvitationContext {
  db: Kysely<Database>;
  mailer: Mailer;
  publicUrl: string;
  /** `t` in the invitee's language, for the "emails" namespace. */
  t: TFunction;
}

/** Invites someone by e-mail into a role; the link in the e-mail works once, for 14 days. */
export async function inviteMember(
  { db, mailer, publicUrl, t }: InvitationContext,
  invitation: { consultation: Pick<Consultation, 'id'>; question: string; email: string; role: ConsultationRole; invitedBy: string; inviterName: string },
): Promise<void> {
  const { token, hash } = newSecretToken();
  const email = normaliseEmail(invitation.email);
  const { id } = await db
    .insertInto('invitations')
    .values({
      consultation_id: invitation.consultation.id,
      email,
      role: invitation.role,
      token_hash: hash,
      invited_by: invitation.invitedBy,
      expires_at: new Date(Date.now() + invitationLifetimeMs),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // An invitation nobody received must not wait as pending: it goes if the e-mail does not.
  await mailer.send({
    to: email,
    subject: t('invitation.subject', { question: invitation.question }),
    text: t('invitation.body', {
      inviter: invitation.inviterName,
      question: invitation.question,
      role: t(`roles.${invitation.role}`),
      url: `${publicUrl}/invitations/${token}`,
    }),
  }).catch(async (error: unknown) => {
    await db.deleteFrom('invitations').where('id', '=', id).execute();
    throw error;
  });
}

/** A pending invitation by the token of its link, with its consultation's slug. */
export async function invitationByToken(db: Kysely<Database>, token: string) {
  return db
    .selectFrom('invitations as i')
    .innerJoin('consultations as c', 'c.id', 'i.consultation_id')
    .select(['i.id', 'i.email', 'i.role', 'i.consultation_id', 'c.slug', 'c.question', 'c.default_language'])
    .where('i.token_hash', '=', hashToken(token))
    .where('i.accepted_at', 'is', null)
    .where('i.expires_at', '>', new Date())
    .executeTakeFirst();
}

/** Accepts an invitation for a user, once: the role is granted and the link stops working. */
export async function acceptInvitation(db: Kysely<Database>, token: string, userId: string): Promise<{ slug: string } | null> {
  return db.transaction().execute(async (trx) => {
    const accepted = await trx
      .updateTable('invitations')
      .set({ accepted_at: new Date(), accepted_by: userId })
      .where('token_hash', '=', hashToken(token))
      .where('accepted_at', 'is', null)
      .where('expires_at', '>', new Date())
      .returning(['consultation_id', 'role'])
      .executeTakeFirst();
    if (!accepted) return null;
    await trx
      .insertInto('memberships')
      .values({ consultation_id: accepted.consultation_id, user_id: userId, role: accepted.role, source: 'invitation' })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const { slug } = await trx.selectFrom('consultations').select('slug').where('id', '=', accepted.consultation_id).executeTakeFirstOrThrow();
    return { slug };
  });
}

export async function pendingInvitations(db: Kysely<Database>, consultationId: string) {
  return db
    .selectFrom('invitations')
    .select(['id', 'email', 'role', 'created_at', 'expires_at'])
    .where('consultation_id', '=', consultationId)
    .where('accepted_at', 'is', null)
    .where('expires_at', '>', new Date())
    .orderBy('created_at', 'desc')
    .execute();
}

export async function revokeInvitation(db: Kysely<Database>, consultationId: string, invitationId: string): Promise<void> {
  await db.deleteFrom('invitations').where('id', '=', invitationId).where('consultation_id', '=', consultationId).execute();
}

// ---- segments ----------------------------------------------------------------------------

export async function setSegmentFields(db: Kysely<Database>, consultationId: string, fields: SegmentField[]): Promise<void> {
  await db.updateTable('consultations').set({ segment_fields: fields, updated_at: new Date() }).where('id', '=', consultationId).execute();
}

export async function segmentAnswers(db: Kysely<Database>, consultationId: string, userId: string) {
  return db
    .selectFrom('participant_segments')
    .select(['field', 'value', 'consented_at'])
    .where('consultation_id', '=', consultationId)
    .where('user_id', '=', userId)
    .execute();
}

/**
 * Saves a participant's answers to the segment questions, each with the moment they consented.
 * An answer left empty is deleted: withdrawing consent removes the data.
 */
/**
 * Consent withdrawn is withdrawn everywhere: each vote on a proposal keeps the answers its voter
 * had consented to (for the results by segment), so the answer leaves those votes too, and the
 * consultation's stored results are marked stale so that the next computation drops it.
 */
async function forgetAnswerOnVotes(trx: Kysely<Database>, consultationId: string, userId: string, field: SegmentField): Promise<void> {
  const proposals = trx.selectFrom('proposals').select('id').where('consultation_id', '=', consultationId);
  const { numUpdatedRows } = await trx
    .updateTable('proposal_votes')
    .set({ segments: sql`segments - ${field}::text` })
    .where('user_id', '=', userId)
    .where('proposal_id', 'in', proposals)
    .where(sql<boolean>`segments ? ${field}`)
    .executeTakeFirst();
  if (numUpdatedRows > 0n) {
    await trx.updateTable('proposal_results').set({ fingerprint: 'stale: consent withdrawn' }).where('instance_id', 'in', trx.selectFrom('proposals').select('instance_id').where('consultation_id', '=', consultationId)).execute();
  }
}

export async function saveSegmentAnswers(
  db: Kysely<Database>,
  consultationId: string,
  userId: string,
  answers: Partial<Record<SegmentField, string>>,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const [field, value] of Object.entries(answers) as [SegmentField, string | undefined][]) {
      if (!value) {
        await trx.deleteFrom('participant_segments').where('consultation_id', '=', consultationId).where('user_id', '=', userId).where('field', '=', field).execute();
        await forgetAnswerOnVotes(trx, consultationId, userId, field);
        continue;
      }
      await trx
        .insertInto('participant_segments')
        .values({ consultation_id: consultationId, user_id: userId, field, value, consented_at: new Date() })
        .onConflict((oc) => oc.columns(['consultation_id', 'user_id', 'field']).doUpdateSet({ value, consented_at: new Date() }))
        .execute();
    }
  });
}

/**
 * Whether a user is a strategist of every consultation of an organisation: branding (colour,
 * logo) belongs to the organisation, so changing it changes all of them.
 */
export async function runsWholeOrganisation(db: Kysely<Database>, organisationId: string, userId: string): Promise<boolean> {
  const notRun = await db
    .selectFrom('consultations as c')
    .select('c.id')
    .where('c.organisation_id', '=', organisationId)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('memberships as m')
            .select('m.user_id')
            .whereRef('m.consultation_id', '=', 'c.id')
            .where('m.user_id', '=', userId)
            .where('m.role', '=', 'strategist'),
        ),
      ),
    )
    .executeTakeFirst();
  return !notRun;
}
