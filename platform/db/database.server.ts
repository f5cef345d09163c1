import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { ConfigError, redactUrl, type DatabaseTarget } from '../config.server';
import { PGliteDialect } from './pglite-dialect';
import type { Database } from './schema';

export interface OpenDatabase {
  db: Kysely<Database>;
  kind: DatabaseTarget['kind'];
  /** Where the data lives, for logs (never with a password). */
  location: string;
  close(): Promise<void>;
}

const connectTimeoutMs = 5000;

/** Opens the database named by the configuration and checks that it answers. */
export async function openDatabase(target: DatabaseTarget): Promise<OpenDatabase> {
  return target.kind === 'postgres' ? openPostgres(target.url, target.schema) : openEmbedded(target.dataDir);
}

/**
 * Connection settings for a DATABASE_URL. A URL without a user name connects as the system
 * user, as psql does (node-postgres would otherwise send no user at all).
 */
export function postgresConnectionConfig(url: string): pg.ClientConfig {
  const parsed = new URL(url);
  if (!parsed.username) parsed.username = process.env.PGUSER || os.userInfo().username;
  return { connectionString: parsed.toString() };
}

async function openPostgres(url: string, schema: string | undefined): Promise<OpenDatabase> {
  const pool = new pg.Pool({
    ...postgresConnectionConfig(url),
    connectionTimeoutMillis: connectTimeoutMs,
    max: 10,
    // Extensions (pg_trgm) live in public, shared by every schema.
    ...(schema ? { options: `-c search_path=${schema},public` } : {}),
  });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    throw new ConfigError(describePostgresError(error, url));
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: 'postgres', location: redactUrl(url), close: () => db.destroy() };
}

function describePostgresError(error: unknown, url: string): string {
  const { hostname, port, pathname, username } = new URL(url);
  const where = `${hostname}:${port || 5432}`;
  const database = decodeURIComponent(pathname.slice(1));
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'ECONNREFUSED':
      return `Cannot reach PostgreSQL at ${where} (connection refused): start the server, or fix the host and port in DATABASE_URL.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Cannot reach PostgreSQL: the host "${hostname}" in DATABASE_URL does not resolve. Fix the host name.`;
    case '3D000':
      return `PostgreSQL at ${where} has no database "${database}": create it (createdb ${database}) or fix DATABASE_URL.`;
    case '28P01':
    case '28000':
      return `PostgreSQL at ${where} refused the user "${username || '(default)'}": fix the user and password in DATABASE_URL.`;
    default:
      if (/timeout/i.test(message)) {
        return `PostgreSQL at ${where} did not answer within ${connectTimeoutMs / 1000} s: check that the server is up and reachable.`;
      }
      return `Cannot connect to PostgreSQL at ${where}: ${message.split('\n')[0]}. Check DATABASE_URL.`;
  }
}

async function openEmbedded(dataDir: string | null): Promise<OpenDatabase> {
  if (dataDir === null) {
    const db = new Kysely<Database>({ dialect: new PGliteDialect(new PGlite({ extensions: { pg_trgm } })) });
    await sql`select 1`.execute(db);
    return { db, kind: 'embedded', location: 'memory', close: () => db.destroy() };
  }
  ensureWritable(dataDir);
  const releaseLock = lockDataDir(dataDir);
  try {
    const client = new PGlite(path.join(dataDir, 'pgdata'), { extensions: { pg_trgm } });
    const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
    await sql`select 1`.execute(db);
    return {
      db,
      kind: 'embedded',
      location: dataDir,
      close: async () => {
        await db.destroy();
        releaseLock();
      },
    };
  } catch (error) {
    releaseLock();
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ConfigError(
      `The embedded database in ${dataDir} could not be opened (${reason}): move that folder away to start afresh, or set DATA_DIR to another folder.`,
    );
  }
}

function ensureWritable(dataDir: string): void {
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    const probe = path.join(dataDir, `.write-test-${process.pid}`);
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'error';
    throw new ConfigError(
      `DATA_DIR ${dataDir} is not a writable folder (${code}): set DATA_DIR to a folder this user can write, or unset it to use ./data.`,
    );
  }
}

/**
 * PGlite is a single process's database: two Plenum processes on one folder would corrupt it.
 * A pid file refuses the second one with a clear message.
 */
function lockDataDir(dataDir: string): () => void {
  const lockFile = path.join(dataDir, 'plenum.pid');
  try {
    fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as { code?: string }).code !== 'EEXIST') throw error;
    const holder = Number(fs.readFileSync(lockFile, 'utf8'));
    if (holder && holder !== process.pid && isAlive(holder)) {
      throw new ConfigError(
        `Another Plenum process (pid ${holder}) is using the embedded database in ${dataDir}: stop it, or set DATA_DIR to another folder.`,
      );
    }
    // The previous process died without cleaning up: take the folder over.
    fs.writeFileSync(lockFile, String(process.pid));
  }
  return () => fs.rmSync(lockFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}
