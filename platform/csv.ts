/**
 * Rows as CSV (RFC 4180) that spreadsheets open as written: UTF-8 with a byte-order mark (Excel
 * needs it for accents), every field quoted, and fields that a spreadsheet would read as a
 * formula (=, +, -, @, tab, carriage return at the start) prefixed with an apostrophe, so that a
 * participant's answer can never run in the spreadsheet of whoever opens the export.
 */
type CsvRow = Readonly<Record<string, string | number | null>>;

function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '""';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

const csvLine = (columns: readonly string[], row: CsvRow) => columns.map((column) => csvField(row[column])).join(',');

export function toCsv(rows: readonly CsvRow[]): string {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const lines = [columns.map(csvField).join(','), ...rows.map((row) => csvLine(columns, row))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/**
 * The same CSV written as its rows are read (a million votes never sit in memory at once): the
 * columns are given up front, each batch is encoded and sent before the next one is read.
 */
export function toCsvStream(columns: readonly string[], batches: AsyncIterable<readonly CsvRow[]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = batches[Symbol.asyncIterator]();
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(`\uFEFF${columns.map(csvField).join(',')}\r\n`));
        return;
      }
      const next = await iterator.next();
      if (next.done) return controller.close();
      if (next.value.length > 0) controller.enqueue(encoder.encode(next.value.map((row) => `${csvLine(columns, row)}\r\n`).join('')));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
