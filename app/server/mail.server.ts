export * from '../../platform/mail/mail.server';
