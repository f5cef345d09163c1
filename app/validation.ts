import { json, type HeadersFunction } from '@remix-run/node';
import type { z } from 'zod';

/**
 * Field errors of a failed zod parse, as translation keys: schemas write their messages as
 * keys of the "forms" namespace ("email.invalid"), and pages translate them beside each field.
 */
export function fieldErrors(error: z.ZodError): FormErrors {
  const errors: FormErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    errors[field] ??= issue.message;
  }
  return errors;
}

/** A form answered with what was wrong: 400, so that no client mistakes it for a success. */
export function badRequest<T>(data: T) {
  return json(data, { status: 400 });
}

/** A form refused for too many attempts: 429 with Retry-After. */
export function tooManyRequests<T>(data: T, retryAfterSeconds: number) {
  return json(data, { status: 429, headers: { 'Retry-After': String(retryAfterSeconds) } });
}

/**
 * The `headers` export of a route whose action may answer `tooManyRequests`: on an HTML page
 * Remix keeps only an action's cookies, unless the route passes its other headers on.
 */
export const keepRetryAfter: HeadersFunction = ({ actionHeaders, parentHeaders }) => {
  const headers = new Headers(parentHeaders);
  const retryAfter = actionHeaders.get('Retry-After');
  if (retryAfter) headers.set('Retry-After', retryAfter);
  return headers;
};

/** Translation keys of a form's errors, by field ("form" for the whole form). */
export type FormErrors = Record<string, string>;
export const noErrors: FormErrors = {};

/** A form's fields as an object for zod; the named fields keep every value, as arrays (checkboxes). */
export function formObject(form: FormData, arrayFields: string[] = []): Record<string, unknown> {
  const object: Record<string, unknown> = Object.fromEntries(form);
  for (const field of arrayFields) object[field] = form.getAll(field);
  return object;
}
