import type { Kysely } from 'kysely';
import type { Database, ImageType } from '../db/schema';

export const maxLogoBytes = 512 * 1024;

/**
 * The type of an image from its first bytes, never from its name or the browser's word: only
 * PNG, JPEG and WebP. SVG is refused, since it can carry scripts.
 */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  const starts = (...signature: number[]) => signature.every((byte, i) => bytes[i] === byte);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.slice(from, to));
  if (bytes.length > 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  return null;
}

export type LogoProblem = 'missing' | 'tooLarge' | 'notAnImage';

/** Checks and stores an organisation's logo; the organisation then points at it. */
export async function saveLogo(
  db: Kysely<Database>,
  { organisationId, bytes, uploadedBy }: { organisationId: string; bytes: Uint8Array | null; uploadedBy: string },
): Promise<{ ok: true; url: string } | { ok: false; problem: LogoProblem }> {
  if (!bytes || bytes.length === 0) return { ok: false, problem: 'missing' };
  if (bytes.length > maxLogoBytes) return { ok: false, problem: 'tooLarge' };
  const type = sniffImageType(bytes);
  if (!type) return { ok: false, problem: 'notAnImage' };
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('uploads')
      .values({ content_type: type, bytes, size: bytes.length, uploaded_by: uploadedBy })
      .returning('id')
      .executeTakeFirstOrThrow();
    const url = `/uploads/${id}`;
    await trx.updateTable('organisations').set({ logo_url: url }).where('id', '=', organisationId).execute();
    return { ok: true as const, url };
  });
}

export async function findUpload(db: Kysely<Database>, id: string) {
  return db.selectFrom('uploads').select(['content_type', 'bytes']).where('id', '=', id).executeTakeFirst();
}
