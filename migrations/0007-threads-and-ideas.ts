import { sql, type Kysely } from 'kysely';

// Posts (the thread module's, and every module's contributions: answers, arguments), their history, reactions, reports and each reader's last visit;
// then ideas and the extracts caught out of posts. One statement per query.
export async function up(db: Kysely<any>): Promise<void> {
  // Two counters shared by every thread: `post_order` numbers posts as they are written (their
  // place in a thread, and "new since your last visit"), `post_changes` numbers every change
  // (what a client that was offline asks for when it comes back).
  await sql`create sequence post_order`.execute(db);
  await sql`create sequence post_changes`.execute(db);
  await sql`
    create table posts (
      id uuid primary key default gen_random_uuid(),
      consultation_id uuid not null references consultations (id) on delete cascade,
      -- What participants wrote is not lost by removing a module from a phase by mistake.
      instance_id uuid not null references module_instances (id) on delete restrict,
      parent_id uuid references posts (id) on delete cascade,
      -- What within its module instance a post belongs to: a question, an idea's column; '' in a
      -- thread. Never null: only an equality lets the reading-order index give its order.
      topic text not null default '',
      depth integer not null default 0 check (depth >= 0),
      seq bigint not null unique,
      -- The thread's reading order: the parent's path, then this post's seq, zero-padded. The C
      -- collation compares it byte by byte, so a reply sorts right after its parent's subtree.
      sort_path text collate "C" not null,
      author_id uuid not null references users (id),
      body jsonb not null,
      body_html text not null,
      body_text text not null,
      -- The language its author wrote in (their interface language when writing).
      language text not null default 'fr',
      status text not null check (status in ('awaiting', 'published', 'hidden', 'deleted')),
      hidden_reason text,
      moderated_by uuid references users (id) on delete set null,
      moderated_at timestamptz,
      -- Set when others first see it: a post refused before publication leaves no placeholder.
      published_at timestamptz,
      created_at timestamptz not null default now(),
      edited_at timestamptz,
      change_seq bigint not null default nextval('post_changes')
    )`.execute(db);
  await sql`create index posts_thread_order_idx on posts (instance_id, topic, sort_path)`.execute(db);
  await sql`create index posts_thread_changes_idx on posts (instance_id, change_seq)`.execute(db);
  await sql`create index posts_consultation_status_idx on posts (consultation_id, status)`.execute(db);

  await sql`
    create table post_revisions (
      id uuid primary key default gen_random_uuid(),
      post_id uuid not null references posts (id) on delete cascade,
      body jsonb not null,
      body_html text not null,
      written_at timestamptz not null
    )`.execute(db);
  await sql`create index post_revisions_post_idx on post_revisions (post_id, written_at)`.execute(db);

  await sql`
    create table post_reactions (
      post_id uuid not null references posts (id) on delete cascade,
      user_id uuid not null references users (id) on delete cascade,
      kind text not null check (kind in ('like', 'disagree', 'unclear', 'moreInfo', 'upvote')),
      created_at timestamptz not null default now(),
      primary key (post_id, user_id, kind)
    )`.execute(db);

  await sql`
    create table post_reports (
      id uuid primary key default gen_random_uuid(),
      post_id uuid not null references posts (id) on delete cascade,
      reporter_id uuid not null references users (id) on delete cascade,
      reason text not null,
      created_at timestamptz not null default now(),
      resolved_at timestamptz,
      resolved_by uuid references users (id) on delete set null,
      unique (post_id, reporter_id)
    )`.execute(db);
  await sql`create index post_reports_open_idx on post_reports (post_id) where resolved_at is null`.execute(db);

  await sql`
    create table thread_visits (
      instance_id uuid not null references module_instances (id) on delete cascade,
      user_id uuid not null references users (id) on delete cascade,
      last_seen_seq bigint not null,
      -- What counts as new during this visit: the last post seen before it began. A visit goes
      -- on while the reader comes back within half an hour (next window, after posting…).
      new_after_seq bigint,
      visited_at timestamptz not null default now(),
      primary key (instance_id, user_id)
    )`.execute(db);

  await sql`
    create table ideas (
      id uuid primary key default gen_random_uuid(),
      consultation_id uuid not null references consultations (id) on delete cascade,
      parent_id uuid references ideas (id) on delete set null,
      theme_id uuid references themes (id) on delete set null,
      title text not null check (length(title) between 1 and 200),
      description text not null default '',
      created_by uuid references users (id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index ideas_consultation_idx on ideas (consultation_id, parent_id)`.execute(db);

  // An extract keeps its quote: if its post's thread is ever removed, the idea keeps its words.
  await sql`
    create table extracts (
      id uuid primary key default gen_random_uuid(),
      consultation_id uuid not null references consultations (id) on delete cascade,
      idea_id uuid not null references ideas (id) on delete cascade,
      post_id uuid references posts (id) on delete set null,
      quote text not null check (length(quote) between 1 and 5000),
      nature text not null check (nature in ('problem', 'solution', 'knowledge', 'example', 'concept', 'argument', 'cognitiveBias')),
      next_step text not null check (next_step in ('classify', 'generalise', 'specify', 'argue', 'exemplify', 'merge', 'deepen', 'vote')),
      important boolean not null default false,
      caught_by uuid references users (id) on delete set null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index extracts_idea_idx on extracts (idea_id, created_at)`.execute(db);
  await sql`create index extracts_post_idx on extracts (post_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['extracts', 'ideas', 'thread_visits', 'post_reports', 'post_reactions', 'post_revisions', 'posts']) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
  await sql`drop sequence if exists post_changes`.execute(db);
  await sql`drop sequence if exists post_order`.execute(db);
}
