import type { Kysely } from 'kysely';
import { plainTextToDoc, richTextToPlain } from '../platform/rich-text/plain-text';
import type { RichTextDoc } from '../platform/rich-text/extensions';

// Consultation descriptions become rich text: each language's plain text turns into a TipTap
// document (paragraphs on blank lines), and back on the way down.
export async function up(db: Kysely<any>): Promise<void> {
  const rows: { id: string; description: Record<string, unknown> }[] = await db.selectFrom('consultations').select(['id', 'description']).execute();
  for (const row of rows) {
    const description = Object.fromEntries(
      Object.entries(row.description).map(([lang, value]) => [lang, typeof value === 'string' ? plainTextToDoc(value) : value]),
    );
    await db.updateTable('consultations').set({ description: JSON.stringify(description) }).where('id', '=', row.id).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const rows: { id: string; description: Record<string, unknown> }[] = await db.selectFrom('consultations').select(['id', 'description']).execute();
  for (const row of rows) {
    const description = Object.fromEntries(
      Object.entries(row.description).map(([lang, value]) => [lang, typeof value === 'string' ? value : richTextToPlain(value as RichTextDoc)]),
    );
    await db.updateTable('consultations').set({ description: JSON.stringify(description) }).where('id', '=', row.id).execute();
  }
}
