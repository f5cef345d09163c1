import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestSmtpServer, type TestSmtpServer } from '../../test/smtp';
import { ConfigError, parseSmtpUrl } from '../config.server';
import { createMailer, MailDeliveryError, type Mailer } from './mail.server';

const from = 'Plenum <ne-pas-repondre@plenum.test>';

/** A logger writing to an array, to read what a developer would see in the terminal. */
function capturedLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

const opened: Array<Mailer | TestSmtpServer> = [];

async function smtpServer(options?: Parameters<typeof startTestSmtpServer>[0]) {
  const server = await startTestSmtpServer(options);
  opened.push(server);
  return server;
}

function mailer(smtpUrl: string | null, logger = capturedLogger().logger) {
  const created = createMailer({ smtpUrl, from, logger });
  opened.push(created);
  return created;
}

afterEach(async () => {
  // Mailers first: the SMTP server waits for their pooled connections before it closes.
  for (const item of opened.splice(0).reverse()) await item.close();
});

describe('sending e-mails through SMTP', () => {
  it('an e-mail reaches the SMTP server with its sender, subject, text and HTML', async () => {
    const server = await smtpServer();

    await mailer(server.url).send({
      to: 'camille@example.org',
      subject: 'Reset your password',
      text: 'Follow this link: https://plenum.test/reset/abc123',
      html: '<p>Follow <a href="https://plenum.test/reset/abc123">this link</a>.</p>',
    });

    const received = await server.nextMessageTo('camille@example.org');
    expect(received).toEqual({
      to: ['camille@example.org'],
      from: '"Plenum" <ne-pas-repondre@plenum.test>',
      subject: 'Reset your password',
      text: expect.stringContaining('https://plenum.test/reset/abc123'),
      html: '<p>Follow <a href="https://plenum.test/reset/abc123">this link</a>.</p>',
    });
  });

  it('accents and French quotation marks arrive intact', async () => {
    const server = await smtpServer();
    const subject = 'Synthèse publiée : « Comment transformer la France ensemble ? »';
    const text = 'Élise, votre contribution a été reprise dans la synthèse. Œuvrons-y ensemble, à bientôt !';

    await mailer(server.url).send({ to: 'elise@exemple.fr', subject, text, html: `<p>${text}</p>` });

    const received = await server.nextMessageTo('elise@exemple.fr');
    expect(received.subject).toBe(subject);
    expect(received.text.trim()).toBe(text);
    expect(received.html).toBe(`<p>${text}</p>`);
  });

  it('logs in with the user name and password of SMTP_URL, percent-encoded characters included', async () => {
    const server = await smtpServer({ logins: { plenum: 'p@ss:w0rd' } });
    const withCredentials = server.url.replace('smtp://', 'smtp://plenum:p%40ss%3Aw0rd@');

    await mailer(withCredentials).send({ to: 'noa@example.org', subject: 'Bienvenue', text: 'Bonjour Noa' });

    expect((await server.nextMessageTo('noa@example.org')).subject).toBe('Bienvenue');
  });

  it('a wrong password gives a MailDeliveryError that does not reveal it', async () => {
    const server = await smtpServer({ logins: { plenum: 'the-right-one' } });
    const withWrongPassword = server.url.replace('smtp://', 'smtp://plenum:hunter2-secret@');

    const error = await mailer(withWrongPassword)
      .send({ to: 'noa@example.org', subject: 'Bienvenue', text: 'Bonjour Noa' })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(MailDeliveryError);
    expect((error as MailDeliveryError).responseCode).toBe(535);
    expect((error as MailDeliveryError).message).toContain('smtp://plenum:***@127.0.0.1');
    expect((error as MailDeliveryError).message).not.toContain('hunter2');
    expect(server.messages).toEqual([]);
  });

  it('a recipient the server refuses gives a MailDeliveryError that does not reveal the password', async () => {
    const server = await smtpServer({ refuseRecipients: ['nobody@example.org'] });
    const withCredentials = server.url.replace('smtp://', 'smtp://plenum:hunter2-secret@');

    const error = await mailer(withCredentials)
      .send({ to: 'nobody@example.org', subject: 'Hello', text: 'Is anyone there?' })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(MailDeliveryError);
    expect((error as MailDeliveryError).responseCode).toBe(550);
    expect((error as MailDeliveryError).message).toContain('nobody@example.org');
    expect((error as MailDeliveryError).message).toContain('550');
    expect((error as MailDeliveryError).message).not.toContain('hunter2');
    expect(server.messages).toEqual([]);
  });

  it('an SMTP server that cannot be reached gives a MailDeliveryError', async () => {
    const server = await startTestSmtpServer();
    await server.close();

    await expect(mailer(server.url).send({ to: 'camille@example.org', subject: 'Hello', text: 'Hi' })).rejects.toThrow(
      MailDeliveryError,
    );
  });

  it('nextMessageTo says which e-mails did arrive when the expected one does not', async () => {
    const server = await smtpServer();
    await mailer(server.url).send({ to: 'camille@example.org', subject: 'Reset your password', text: '…' });

    await expect(server.nextMessageTo('dominique@example.org', 200)).rejects.toThrow(
      /No new e-mail to dominique@example.org arrived within 200 ms \(received: "Reset your password" to camille@example.org\)/,
    );
  });

  it('nextMessageTo returns each e-mail once, including those still to come', async () => {
    const server = await smtpServer();
    const send = mailer(server.url);
    await send.send({ to: 'camille@example.org', subject: 'First', text: '1' });

    expect((await server.nextMessageTo('camille@example.org')).subject).toBe('First');
    const second = server.nextMessageTo('Camille@Example.org');
    await send.send({ to: 'camille@example.org', subject: 'Second', text: '2' });
    expect((await second).subject).toBe('Second');
  });
});

describe('without SMTP_URL (a newcomer’s machine)', () => {
  it('writes the e-mail to the log instead, so a developer can follow its link', async () => {
    const { logger, lines } = capturedLogger();

    await mailer(null, logger).send({
      to: 'camille@example.org',
      subject: 'Réinitialisez votre mot de passe',
      text: 'Suivez ce lien : https://plenum.test/reset/abc123',
    });

    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 30,
        msg: 'e-mail not sent (SMTP_URL is unset); its content follows',
        to: 'camille@example.org',
        subject: 'Réinitialisez votre mot de passe',
        text: 'Suivez ce lien : https://plenum.test/reset/abc123',
      }),
    );
  });
});

describe('SMTP_URL', () => {
  it('accepts smtp:// and smtps:// URLs, with or without credentials', () => {
    expect(parseSmtpUrl('smtp://user:pass@127.0.0.1:2525')).toBe('smtp://user:pass@127.0.0.1:2525');
    expect(parseSmtpUrl(' smtps://smtp.example.org ')).toBe('smtps://smtp.example.org');
  });

  it('unset or empty means e-mails go to the log', () => {
    expect(parseSmtpUrl(undefined)).toBeNull();
    expect(parseSmtpUrl('')).toBeNull();
    expect(parseSmtpUrl('  ')).toBeNull();
  });

  it.each([
    ['not a URL', 'smtp.example.org'],
    ['another protocol', 'https://user:hunter2-secret@mail.example.org'],
    ['no host', 'smtp://'],
    ['a port out of range', 'smtp://user:hunter2-secret@mail.example.org:99999'],
    ['a password with a stray %', 'smtp://user:hunter2-100%@mail.example.org'],
  ])('a malformed SMTP_URL (%s) gives a one-line ConfigError without its password', (_case, value) => {
    let error: unknown;
    try {
      parseSmtpUrl(value);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toMatch(/^SMTP_URL /);
    expect(message).not.toContain('\n');
    expect(message).not.toContain('hunter2');
  });
});
