import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { postgresConnectionConfig } from '../platform/db/database.server';

/**
 * The real `server.ts`, started the way a person starts it, in its own process: what it prints
 * when the environment is wrong, and how it starts, stops and starts again.
 */

const root = fileURLToPath(new URL('..', import.meta.url));
const tsx = path.join(root, 'node_modules/.bin/tsx');
const demoQuestion = 'Comment transformer la France ensemble ?';
const stackTraceLine = /^\s+at /m;

interface Plenum {
  child: ChildProcess;
  port: number;
  url: string;
  dataDir: string;
  output: { stdout: string; stderr: string };
  /** Resolves once the process (and the node process tsx starts under it) has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  done: boolean;
}

const started: Plenum[] = [];
const tempDirs: string[] = [];

afterEach(async () => {
  for (const plenum of started.splice(0)) {
    if (plenum.done) continue;
    // tsx runs the server in a child node process: end the whole process group we started.
    try {
      process.kill(-plenum.child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
    await plenum.exited;
  }
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plenum-start-'));
  tempDirs.push(dir);
  return dir;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts `tsx server.ts` with LOG_LEVEL=warn, a fresh DATA_DIR and a free PORT unless `env` says otherwise. */
async function startPlenum(env: Record<string, string> = {}): Promise<Plenum> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  delete childEnv.DATABASE_URL;
  delete childEnv.REDIS_URL;
  delete childEnv.HOST;
  Object.assign(childEnv, { LOG_LEVEL: 'warn', DATA_DIR: path.join(tempDir(), 'data'), PORT: String(await freePort()) }, env);

  const child = spawn(tsx, ['server.ts'], { cwd: root, env: childEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '' };
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output.stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output.stderr += chunk));
  const port = Number(childEnv.PORT);
  const plenum: Plenum = {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    dataDir: childEnv.DATA_DIR!,
    output,
    done: false,
    exited: new Promise((resolve) =>
      child.once('close', (code, signal) => {
        plenum.done = true;
        resolve({ code, signal });
      }),
    ),
  };
  started.push(plenum);
  return plenum;
}

async function withinMs<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs Plenum until it gives up; returns its exit code and what it wrote. */
async function startAndExpectExit(env: Record<string, string>) {
  const plenum = await startPlenum(env);
  const { code } = await withinMs(plenum.exited, 60_000, 'exiting');
  return { code, ...plenum.output, plenum };
}

/** Polls GET /healthz until it answers 200; fails at once if the process exits first. */
async function waitUntilHealthy(plenum: Plenum, timeoutMs = 60_000): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (plenum.done) throw new Error(`Plenum exited before it was healthy:\n${plenum.output.stderr}${plenum.output.stdout}`);
    try {
      const response = await fetch(`${plenum.url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return response.json();
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Plenum was not healthy within ${timeoutMs / 1000} s:\n${plenum.output.stderr}${plenum.output.stdout}`);
}

async function stopWithSigterm(plenum: Plenum) {
  process.kill(plenum.child.pid!, 'SIGTERM');
  return withinMs(plenum.exited, 15_000, 'exiting after SIGTERM');
}

async function homePage(plenum: Plenum): Promise<string> {
  const response = await fetch(`${plenum.url}/`);
  expect(response.status).toBe(200);
  return response.text();
}

async function portIsFree(port: number): Promise<boolean> {
  const server = net.createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

/** The failure contract: a non-zero exit and exactly one line on stderr for a person, no stack trace. */
function expectOneLineRefusal({ code, stderr, stdout }: { code: number | null; stderr: string; stdout: string }, ...mentions: (string | RegExp)[]) {
  expect(code).not.toBe(0);
  expect(code).not.toBeNull();
  expect(stderr).toMatch(/^plenum: [^\n]*\S[^\n]*\n$/);
  expect(stderr).not.toMatch(stackTraceLine);
  expect(stdout).not.toMatch(stackTraceLine);
  for (const mention of mentions) {
    if (typeof mention === 'string') expect(stderr).toContain(mention);
    else expect(stderr).toMatch(mention);
  }
}

describe('a mistake in the environment stops Plenum with one line saying how to fix it', () => {
  it.each(['postgres//nope', 'mysql://127.0.0.1/x'])('a malformed DATABASE_URL (%s) stops the server with one line saying how to fix it', async (url) => {
    const result = await startAndExpectExit({ DATABASE_URL: url });
    expectOneLineRefusal(result, 'DATABASE_URL', 'postgres://');
  });

  it('an unreachable PostgreSQL stops the server with one line naming the address it tried', async () => {
    const result = await startAndExpectExit({ DATABASE_URL: 'postgres://127.0.0.1:1/plenum' });
    expectOneLineRefusal(result, '127.0.0.1:1', 'DATABASE_URL');
  });

  it('a DATA_DIR that cannot be a folder stops the server with one line naming DATA_DIR', async () => {
    const file = path.join(tempDir(), 'f');
    fs.writeFileSync(file, 'not a folder');
    const result = await startAndExpectExit({ DATA_DIR: path.join(file, 'data') });
    expectOneLineRefusal(result, 'DATA_DIR', path.join(file, 'data'));
  });

  it('a port already in use stops the server with one line naming the port, and unlocks DATA_DIR', async () => {
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(0, resolve));
    const { port } = squatter.address() as AddressInfo;
    try {
      const result = await startAndExpectExit({ PORT: String(port) });
      expectOneLineRefusal(result, `Port ${port} `, 'PORT=');
      expect(fs.existsSync(path.join(result.plenum.dataDir, 'plenum.pid'))).toBe(false);
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
  }, 90_000);

  it('a PORT that is not a number stops the server with one line saying how to fix it', async () => {
    const result = await startAndExpectExit({ PORT: 'abc' });
    expectOneLineRefusal(result, 'PORT="abc"', 'PORT=3000');
  });

  it('an unreachable Redis stops the server with one line naming REDIS_URL', async () => {
    const result = await startAndExpectExit({ REDIS_URL: 'redis://127.0.0.1:1' });
    expectOneLineRefusal(result, /REDIS_URL|Redis/, '127.0.0.1:1');
    expect(fs.existsSync(path.join(result.plenum.dataDir, 'plenum.pid'))).toBe(false);
  }, 90_000);
});

describe('the embedded database', () => {
  it('a second Plenum on the same DATA_DIR while the first runs is refused with one line naming the other pid', async () => {
    const first = await startPlenum();
    await waitUntilHealthy(first);
    const lockFile = path.join(first.dataDir, 'plenum.pid');
    const holder = fs.readFileSync(lockFile, 'utf8');
    expect(holder).toMatch(/^\d+$/);

    const second = await startAndExpectExit({ DATA_DIR: first.dataDir });
    expectOneLineRefusal(second, `pid ${holder}`, first.dataDir, 'DATA_DIR');
    expect(Number(holder)).not.toBe(second.plenum.child.pid);

    // The refused one leaves the first running, and its lock in place.
    expect(fs.readFileSync(lockFile, 'utf8')).toBe(holder);
    expect(await waitUntilHealthy(first, 5000)).toMatchObject({ status: 'ok', database: 'ok' });
  }, 90_000);

  it('a first start seeds the demo, SIGTERM stops it cleanly, and the data is still there on the next start', async () => {
    const first = await startPlenum();
    expect(await waitUntilHealthy(first)).toEqual({ status: 'ok', database: 'ok', redis: 'not configured' });
    expect(await homePage(first)).toContain(demoQuestion);

    expect(await stopWithSigterm(first)).toEqual({ code: 0, signal: null });
    expect(first.output.stderr).toBe('');
    expect(await portIsFree(first.port)).toBe(true);
    expect(fs.existsSync(path.join(first.dataDir, 'plenum.pid'))).toBe(false);

    const again = await startPlenum({ DATA_DIR: first.dataDir });
    await waitUntilHealthy(again);
    expect(await homePage(again)).toContain(demoQuestion);
    expect(await stopWithSigterm(again)).toEqual({ code: 0, signal: null });
  }, 180_000);

  it('Ctrl-C in a terminal, which signals both tsx and the server, lets a request in flight finish', async () => {
    const plenum = await startPlenum();
    await waitUntilHealthy(plenum);
    // A request in flight: a form whose body is still on its way.
    const body = 'lng=en&redirectTo=%2F';
    const client = net.connect(plenum.port, '127.0.0.1');
    let answer = '';
    client.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk));
    client.on('error', () => {}); // a reset shows as a missing answer below
    const answered = new Promise((resolve) => client.once('close', resolve));
    await new Promise((resolve) => client.once('connect', resolve));
    client.write(
      `POST /language HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\nlng=`,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));

    // The terminal sends SIGINT to the whole process group, in no set order, and tsx relays it to
    // the server once more. Here the server hears it first, then tsx.
    const server = Number(fs.readFileSync(path.join(plenum.dataDir, 'plenum.pid'), 'utf8'));
    expect(server).not.toBe(plenum.child.pid);
    process.kill(server, 'SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 200));
    process.kill(plenum.child.pid!, 'SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 300));

    client.end(body.slice('lng='.length));
    await withinMs(answered, 15_000, 'answering the request in flight');
    expect(answer).toMatch(/^HTTP\/1\.1 302 /);
    expect(await withinMs(plenum.exited, 15_000, 'exiting after Ctrl-C')).toEqual({ code: 0, signal: null });
    expect(fs.existsSync(path.join(plenum.dataDir, 'plenum.pid'))).toBe(false);
  }, 90_000);
});

describe('PostgreSQL', () => {
  it.runIf(Boolean(process.env.DATABASE_URL))(
    'a fresh database is migrated but not seeded with the demo, and SIGTERM stops the server cleanly',
    async () => {
      const adminUrl = process.env.DATABASE_URL!;
      const name = `plenum_start_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client(postgresConnectionConfig(adminUrl));
      await admin.connect();
      try {
        await admin.query(`create database ${name}`);
        const url = new URL(adminUrl);
        url.pathname = `/${name}`;
        const env: Record<string, string> = { DATABASE_URL: url.toString() };
        if (process.env.REDIS_URL) env.REDIS_URL = process.env.REDIS_URL;

        const plenum = await startPlenum(env);
        expect(await waitUntilHealthy(plenum)).toEqual({
          status: 'ok',
          database: 'ok',
          redis: process.env.REDIS_URL ? 'ok' : 'not configured',
        });
        const page = await homePage(plenum);
        expect(page).not.toContain(demoQuestion);
        expect(page).toContain('class="empty-state"');

        expect(await stopWithSigterm(plenum)).toEqual({ code: 0, signal: null });
        expect(plenum.output.stderr).toBe('');
        expect(await portIsFree(plenum.port)).toBe(true);
      } finally {
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.end();
      }
    },
    90_000,
  );
});
