import { sql, type Kysely } from 'kysely';

// The consultation lifecycle: the persisted XState snapshot with a version for optimistic
// concurrency, the phases a consultation uses, their scheduled dates, the history of every
// transition, and the module instances each phase switches on. One statement per query.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table consultations add column lifecycle_state text not null default 'draft'
      check (lifecycle_state in ('draft', 'appropriation', 'ideation', 'deepening', 'prioritisation', 'closed'))`.execute(db);
  await sql`alter table consultations add column lifecycle_snapshot jsonb`.execute(db);
  await sql`alter table consultations add column lifecycle_version integer not null default 0`.execute(db);
  await sql`
    alter table consultations add column phases text[] not null
      default '{appropriation,ideation,deepening,prioritisation}'
      check (phases <@ '{appropriation,ideation,deepening,prioritisation}'::text[])`.execute(db);

  // Deadlines are data, applied by a job: a restart never loses nor repeats a transition.
  await sql`
    create table phase_schedules (
      consultation_id uuid not null references consultations (id) on delete cascade,
      phase text not null check (phase in ('appropriation', 'ideation', 'deepening', 'prioritisation')),
      opens_at timestamptz,
      closes_at timestamptz,
      primary key (consultation_id, phase),
      check (opens_at is null or closes_at is null or closes_at > opens_at)
    )`.execute(db);

  await sql`
    create table phase_transitions (
      id uuid primary key default gen_random_uuid(),
      consultation_id uuid not null references consultations (id) on delete cascade,
      from_state text not null,
      to_state text not null,
      event text not null check (event in ('open', 'next', 'back', 'close', 'reopen')),
      reason text,
      actor_id uuid references users (id) on delete set null,
      scheduled boolean not null default false,
      version integer not null,
      created_at timestamptz not null default now(),
      unique (consultation_id, version)
    )`.execute(db);

  await sql`
    create table module_instances (
      id uuid primary key default gen_random_uuid(),
      consultation_id uuid not null references consultations (id) on delete cascade,
      phase text not null check (phase in ('appropriation', 'ideation', 'deepening', 'prioritisation')),
      kind text not null,
      config jsonb not null default '{}'::jsonb,
      theme_id uuid references themes (id) on delete set null,
      position integer not null default 0,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index module_instances_consultation_idx on module_instances (consultation_id, phase)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['module_instances', 'phase_transitions', 'phase_schedules']) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
  for (const column of ['phases', 'lifecycle_version', 'lifecycle_snapshot', 'lifecycle_state']) {
    await sql`alter table consultations drop column ${sql.ref(column)}`.execute(db);
  }
}
