import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { redactUrl } from '../config.server';
import type { Logger } from '../logger.server';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface Mailer {
  /** Resolves once the SMTP server has accepted the message; throws MailDeliveryError otherwise. */
  send(mail: Mail): Promise<void>;
  /** Closes the pooled SMTP connections; call it when the server stops. */
  close(): void;
}

/** The SMTP server could not be reached or refused the message. Its message never holds the SMTP password. */
export class MailDeliveryError extends Error {
  override name = 'MailDeliveryError';

  constructor(
    message: string,
    /** The SMTP reply code (550 for an unknown mailbox, 4xx for "try again later"), or null when there was no reply. */
    readonly responseCode: number | null,
  ) {
    super(message);
  }
}

/**
 * Whether an error is a MailDeliveryError. Checked by name, not instanceof: the mailer is built
 * by server.ts while routes run from the Remix bundle, which has its own copy of this class.
 */
export function isMailDeliveryError(error: unknown): error is MailDeliveryError {
  return error instanceof Error && error.name === 'MailDeliveryError';
}

/**
 * Sends e-mails through the SMTP server of `smtpUrl`. Without one (a newcomer's machine) nothing
 * is sent: each e-mail is written to the log, so its links can still be followed.
 */
export function createMailer({ smtpUrl, from, logger }: { smtpUrl: string | null; from: string; logger: Logger }): Mailer {
  if (smtpUrl === null) {
    logger.warn('SMTP_URL is unset: e-mails will be written to the log instead of being sent');
    return {
      async send(mail) {
        logger.info({ to: mail.to, subject: mail.subject, text: mail.text }, 'e-mail not sent (SMTP_URL is unset); its content follows');
      },
      close() {},
    };
  }

  const url = new URL(smtpUrl);
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  // The options are built from the URL here rather than handing nodemailer the URL: given a
  // URL, nodemailer ignores every other option (pool, timeouts).
  const options: SMTPPool.Options = {
    pool: true,
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : undefined,
    // smtps:// is TLS from the first byte (port 465); on smtp:// nodemailer upgrades with
    // STARTTLS whenever the server offers it.
    secure: url.protocol === 'smtps:',
    auth: user ? { user, pass: password } : undefined,
    // nodemailer's defaults wait up to 10 minutes on a silent server: fail sooner, so the
    // caller can report or retry.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
  const transport = nodemailer.createTransport(options, { from });

  // nodemailer's messages do not contain the password today; this keeps it so if that changes.
  const hidePassword = (text: string) =>
    [password, url.password].filter(Boolean).reduce((hidden, secret) => hidden.split(secret).join('***'), text);

  return {
    async send(mail) {
      try {
        await transport.sendMail({ to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        const responseCode = error instanceof Error && 'responseCode' in error ? error.responseCode : null;
        throw new MailDeliveryError(
          hidePassword(`Could not send the e-mail to ${mail.to} through ${redactUrl(smtpUrl)}: ${reason}`),
          typeof responseCode === 'number' ? responseCode : null,
        );
      }
    },
    close() {
      transport.close();
    },
  };
}
