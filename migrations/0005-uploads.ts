import { sql, type Kysely } from 'kysely';

// Uploaded images (organisation logos) live in the database, so every process serves them and
// backups hold them, with no shared disk to set up.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table uploads (
      id uuid primary key default gen_random_uuid(),
      content_type text not null check (content_type in ('image/png', 'image/jpeg', 'image/webp')),
      bytes bytea not null,
      size integer not null check (size > 0),
      uploaded_by uuid references users (id) on delete set null,
      created_at timestamptz not null default now()
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists uploads`.execute(db);
}
