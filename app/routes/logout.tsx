import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { signOutHeaders } from '../auth.server';

/** Signs out of this device: the session row is deleted, so the cookie is worthless even if kept. */
export async function action({ request, context }: ActionFunctionArgs) {
  return redirect('/', { headers: await signOutHeaders(request, context) });
}

export function loader() {
  return redirect('/');
}
