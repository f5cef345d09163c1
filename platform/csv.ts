/**
 * Rows as CSV (RFC 4180) that spreadsheets open as written: UTF-8 with a byte-order mark (Excel
 * needs it for accents), every field quoted, and fields that a spreadsheet would read as a
 * formula (=, +, -, @, tab, carriage return at the start) prefixed with an apostrophe, so that a
 * participant's answer can never run in the spreadsheet of whoever opens the export.
 */
export function toCsv(rows: readonly Record<string, string | number | null>[]): string {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const field = (value: string | number | null | undefined) => {
    if (value === null || value === undefined) return '""';
    let text = String(value);
    if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return `"${text.replace(/"/g, '""')}"`;
  };
  const lines = [columns.map(field).join(','), ...rows.map((row) => columns.map((column) => field(row[column])).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
