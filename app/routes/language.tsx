import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { safeRedirect } from '../auth.server';
import { languageCookie } from '../i18n.server';
import { interfaceLanguages } from '../../platform/i18n/languages';

const schema = z.object({
  lng: z.enum(interfaceLanguages),
  redirectTo: z.string().catch('/'),
});

/** Remembers the reader's language and sends them back to the page they were on. */
export async function action({ request }: ActionFunctionArgs) {
  const parsed = schema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    throw new Response(`Unsupported language: choose one of ${interfaceLanguages.join(', ')}.`, { status: 400 });
  }
  // Only a path of this site (no open redirect).
  return redirect(safeRedirect(parsed.data.redirectTo), {
    headers: { 'Set-Cookie': await languageCookie.serialize(parsed.data.lng) },
  });
}

export function loader() {
  return redirect('/');
}
