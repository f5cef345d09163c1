import path from 'node:path';

/**
 * A mistake in the environment. Its message is one line for a person: what is wrong and how
 * to fix it. The server prints it and exits, with no stack trace.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; /** Only tests set it: each test file gets its own schema. */ schema?: string }
  | { kind: 'embedded'; /** null keeps the database in memory (tests). */ dataDir: string | null };

export interface Config {
  port: number;
  host: string | undefined;
  database: DatabaseTarget;
  redisUrl: string | null;
  logLevel: string;
  /** The address people reach Plenum at, for links in e-mails. */
  publicUrl: string;
  /** Null: e-mails are written to the log instead of being sent. */
  smtpUrl: string | null;
  mailFrom: string;
  /** Null: a secret is generated once and kept in the database. */
  sessionSecret: string | null;
  /** How often scheduled phase dates are applied. */
  phaseSchedulerIntervalMs: number;
}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Reads and checks the environment variables listed in README.md. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = parsePort(env.PORT);
  return {
    port,
    host: env.HOST?.trim() || undefined,
    database: env.DATABASE_URL?.trim()
      ? { kind: 'postgres', url: parseDatabaseUrl(env.DATABASE_URL.trim()) }
      : { kind: 'embedded', dataDir: path.resolve(env.DATA_DIR?.trim() || 'data') },
    redisUrl: env.REDIS_URL?.trim() ? parseRedisUrl(env.REDIS_URL.trim()) : null,
    logLevel: parseLogLevel(env.LOG_LEVEL),
    publicUrl: parsePublicUrl(env.PUBLIC_URL, port),
    smtpUrl: parseSmtpUrl(env.SMTP_URL),
    mailFrom: env.MAIL_FROM?.trim() || 'Plenum <no-reply@localhost>',
    sessionSecret: env.SESSION_SECRET?.trim() || null,
    phaseSchedulerIntervalMs: parseInterval(env.PHASE_SCHEDULER_INTERVAL_MS),
  };
}

function parseInterval(value: string | undefined): number {
  if (!value?.trim()) return 30_000;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 100 || ms > 3_600_000) {
    throw new ConfigError(`PHASE_SCHEDULER_INTERVAL_MS="${value}" is not a duration: use milliseconds between 100 and 3600000, e.g. 30000.`);
  }
  return ms;
}

function parsePublicUrl(value: string | undefined, port: number): string {
  if (!value?.trim()) return `http://localhost:${port || 3000}`;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new ConfigError(`PUBLIC_URL is not a valid URL: write the address people reach Plenum at, e.g. https://consultation.example.org.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`PUBLIC_URL must start with http:// or https://, e.g. https://consultation.example.org.`);
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
}

const smtpExample = 'smtp://user:password@smtp.example.org:587';

/**
 * Checks SMTP_URL: null when it is unset (e-mails are then written to the log), the URL when it
 * is a valid smtp:// or smtps:// URL, and a ConfigError for a person otherwise.
 */
export function parseSmtpUrl(value: string | undefined): string | null {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    // The value is not echoed: it may hold a password.
    throw new ConfigError(`SMTP_URL is not a valid URL: write it as ${smtpExample}, or unset it to write e-mails to the log instead.`);
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new ConfigError(`SMTP_URL must start with smtp:// or smtps:// (it starts with ${url.protocol}//): write it as ${smtpExample}.`);
  }
  if (!url.hostname) {
    throw new ConfigError(`SMTP_URL names no host: write it as ${smtpExample}.`);
  }
  try {
    decodeURIComponent(url.username);
    decodeURIComponent(url.password);
  } catch {
    throw new ConfigError('SMTP_URL has a user name or password with a stray %: write each special character percent-encoded (% as %25, @ as %40, : as %3A).');
  }
  return trimmed;
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 3000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT="${value}" is not a port number: use a whole number from 1 to 65535, e.g. PORT=3000.`);
  }
  return port;
}

/** Hides the password of a connection URL, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unreadable URL)';
  }
}

function parseDatabaseUrl(value: string): string {
  const example = 'postgres://user:password@127.0.0.1:5432/plenum';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`DATABASE_URL is not a valid URL: write it as ${example}, or unset it to use the embedded database.`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(
      `DATABASE_URL must start with postgres:// (it starts with ${url.protocol}//): write it as ${example}.`,
    );
  }
  if (!url.hostname) {
    throw new ConfigError(`DATABASE_URL names no host: write it as ${example}.`);
  }
  if (url.pathname.replace(/^\//, '') === '') {
    throw new ConfigError(`DATABASE_URL names no database: add it after the last slash, as in ${example}.`);
  }
  return value;
}

function parseRedisUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('REDIS_URL is not a valid URL: write it as redis://127.0.0.1:6379, or unset it to run without Redis.');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new ConfigError(`REDIS_URL must start with redis:// or rediss:// (it starts with ${url.protocol}//).`);
  }
  return value;
}

function parseLogLevel(value: string | undefined): string {
  const level = value?.trim() || 'info';
  if (!logLevels.includes(level)) {
    throw new ConfigError(`LOG_LEVEL="${level}" is not a log level: use one of ${logLevels.join(', ')}.`);
  }
  return level;
}
