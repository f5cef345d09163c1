import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A message as the SMTP server received it: `to` holds the envelope recipients. */
export interface ReceivedMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string | null;
}

export interface TestSmtpServer {
  /** smtp://127.0.0.1:PORT, with no credentials in it: add them to test logging in. */
  url: string;
  /** Every message received so far, in order of arrival. */
  messages: ReceivedMail[];
  /**
   * The first message to `address` not yet returned by this function, already received or still
   * to come; rejects when none arrives within `timeoutMs`.
   */
  nextMessageTo(address: string, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

interface Waiter {
  address: string;
  resolve(mail: ReceivedMail): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * A real SMTP server on 127.0.0.1 and a free port, for tests that send e-mails. It speaks plain
 * SMTP: STARTTLS is disabled, so nodemailer (which upgrades only when the server offers it)
 * stays in clear text with no extra option, and smtp-server does not print its warning about
 * the default certificate, which `test/setup.ts` would take for a failure.
 */
export async function startTestSmtpServer({ refuseRecipients = [], logins, port: wantedPort = 0 }: {
  /** A fixed port, for a server started by another process (the browser tests); 0 picks a free one. */
  port?: number;
  /** Addresses refused at RCPT TO with a 550, as a server refuses an unknown mailbox. */
  refuseRecipients?: string[];
  /** User names and their passwords; others are refused with a 535. Without it, any login is accepted. */
  logins?: Record<string, string>;
} = {}): Promise<TestSmtpServer> {
  const messages: ReceivedMail[] = [];
  const returned = new Set<ReceivedMail>();
  const waiters: Waiter[] = [];
  const refused = new Set(refuseRecipients.map(normalize));

  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    logger: false,
    // Closing waits for open connections (a mailer's pool): don't hold a test for 30 seconds.
    closeTimeout: 500,
    onAuth(auth, _session, callback) {
      if (logins && (auth.username === undefined || logins[auth.username] !== auth.password)) {
        callback(Object.assign(new Error('Invalid user name or password'), { responseCode: 535 }));
        return;
      }
      callback(null, { user: auth.username });
    },
    onRcptTo(address, _session, callback) {
      if (refused.has(normalize(address.address))) {
        callback(Object.assign(new Error(`No mailbox here for ${address.address}`), { responseCode: 550 }));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (parsed) => {
          const mail: ReceivedMail = {
            to: session.envelope.rcptTo.map((recipient) => recipient.address),
            from: parsed.from?.text ?? '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : null,
          };
          messages.push(mail);
          handOver(mail);
          // Accept only now, so that once `send` resolves the message is already in `messages`.
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });

  function isFor(mail: ReceivedMail, address: string) {
    return !returned.has(mail) && mail.to.some((recipient) => normalize(recipient) === address);
  }

  function handOver(mail: ReceivedMail) {
    const index = waiters.findIndex((waiter) => isFor(mail, waiter.address));
    const waiter = index === -1 ? undefined : waiters.splice(index, 1)[0];
    if (!waiter) return;
    clearTimeout(waiter.timer);
    returned.add(mail);
    waiter.resolve(mail);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(wantedPort, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    nextMessageTo(to, timeoutMs = 5000) {
      const address = normalize(to);
      const mail = messages.find((received) => isFor(received, address));
      if (mail) {
        returned.add(mail);
        return Promise.resolve(mail);
      }
      return new Promise<ReceivedMail>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          const received = messages.map((m) => `"${m.subject}" to ${m.to.join(', ')}`).join('; ') || 'none';
          reject(new Error(`No new e-mail to ${to} arrived within ${timeoutMs} ms (received: ${received}).`));
        }, timeoutMs);
        const waiter: Waiter = { address, resolve, reject, timer };
        waiters.push(waiter);
      });
    },
    async close() {
      for (const waiter of waiters.splice(0)) {
        clearTimeout(waiter.timer);
        waiter.reject(new Error(`The test SMTP server closed before an e-mail to ${waiter.address} arrived.`));
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function normalize(address: string) {
  return address.trim().toLowerCase();
}
