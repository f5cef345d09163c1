import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/database';
import type { OpenDatabase } from './database.server';

let database: OpenDatabase;
let consultationId: string;
beforeAll(async () => {
  database = await createTestDatabase();
  const organisation = await database.db
    .insertInto('organisations')
    .values({ slug: 'ville-de-lyon', name: 'Ville de Lyon' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const consultation = await database.db
    .insertInto('consultations')
    .values({
      organisation_id: organisation.id,
      slug: 'mobilites',
      question: { fr: 'Comment mieux se déplacer en ville ?' },
      languages: ['fr'],
      default_language: 'fr',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  consultationId = consultation.id;
});
afterAll(() => database?.close());

const theme = (slug: string, parentId: string | null = null) => ({
  consultation_id: consultationId,
  parent_id: parentId,
  slug,
  title: { fr: slug },
});

describe('the core schema', () => {
  it('keeps themes to two levels: a sub-theme cannot have sub-themes', async () => {
    const parent = await database.db.insertInto('themes').values(theme('velo')).returning(['id', 'level']).executeTakeFirstOrThrow();
    const child = await database.db
      .insertInto('themes')
      .values(theme('pistes-cyclables', parent.id))
      .returning(['id', 'level'])
      .executeTakeFirstOrThrow();
    expect([parent.level, child.level]).toEqual([1, 2]);

    await expect(database.db.insertInto('themes').values(theme('trop-profond', child.id)).execute()).rejects.toThrow(
      /foreign key/,
    );
  });

  it('refuses a sub-theme whose parent belongs to another consultation', async () => {
    const other = await database.db
      .insertInto('consultations')
      .values({
        organisation_id: (await database.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow()).id,
        slug: 'autre',
        question: { fr: 'Autre ?' },
        languages: ['fr'],
        default_language: 'fr',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const foreignParent = await database.db
      .insertInto('themes')
      .values({ ...theme('ailleurs'), consultation_id: other.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await expect(database.db.insertInto('themes').values(theme('orphelin', foreignParent.id)).execute()).rejects.toThrow(
      /foreign key/,
    );
  });

  it('requires the default language to be one of the consultation languages', async () => {
    const organisation = await database.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow();
    await expect(
      database.db
        .insertInto('consultations')
        .values({
          organisation_id: organisation.id,
          slug: 'langues',
          question: { fr: 'Langues ?' },
          languages: ['fr'],
          default_language: 'en',
        })
        .execute(),
    ).rejects.toThrow(/consultations_default_language_is_offered/);
  });

  it('treats e-mail addresses as case-insensitive and unique', async () => {
    await database.db.insertInto('users').values({ email: 'Anne@example.org', display_name: 'Anne' }).execute();
    await expect(
      database.db.insertInto('users').values({ email: 'anne@EXAMPLE.org', display_name: 'Anne bis' }).execute(),
    ).rejects.toThrow(/users_email_idx/);
  });
});
