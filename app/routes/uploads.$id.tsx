import type { LoaderFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { findUpload } from '../server/uploads.server';

/**
 * Serves an uploaded image. Its type was checked from its bytes at upload; browsers must not
 * guess another. No policy check: logos are public branding, reached only by an unguessable id.
 */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const id = z.string().uuid().safeParse(params.id);
  const upload = id.success ? await findUpload(context.db, id.data) : null;
  if (!upload) throw new Response('Not found', { status: 404 });
  // A copy: pg hands a Buffer that may be a view on a larger shared pool.
  return new Response(Uint8Array.from(upload.bytes).buffer, {
    headers: {
      'Content-Type': upload.content_type,
      'Cache-Control': 'public, max-age=31536000, immutable',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'",
    },
  });
}
