import writeXlsxFile, { type Row, type SheetData } from 'write-excel-file/node';

/*
 * A module's download as a real Excel workbook: one sheet, the columns in the order they first
 * appear (as toCsv in csv.ts), a bold frozen header, numbers stored as numbers so that a
 * spreadsheet sums and sorts them. Text cells are stored as text, never as formulas, so a
 * participant's answer starting with "=" cannot run in whoever opens the file.
 */

export const xlsxContentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Excel measures a column in characters; wider than this, a cell wraps its text instead. */
const maxColumnWidth = 60;
/** Rows read to size the columns: enough to see typical values without scanning a million votes. */
const sampledRows = 500;

/** Excel's limit for a sheet name, and the characters it forbids in one. */
const sheetName = (name: string) => name.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31) || 'Sheet1';

export async function toXlsx(rows: readonly Record<string, string | number | null>[], { sheet = 'Sheet1' }: { sheet?: string } = {}): Promise<Buffer> {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const header: Row = columns.map((column) => ({ value: column, type: String, fontWeight: 'bold' }));
  const body: Row[] = rows.map((row) =>
    columns.map((column) => {
      const value = row[column];
      if (value === null || value === undefined) return null;
      // NaN and infinities have no place in a cell: they would make Excel call the file corrupt.
      if (typeof value === 'number') return Number.isFinite(value) ? { value, type: Number } : null;
      return { value, type: String };
    }),
  );
  const widths = columns.map((column) => {
    let longest = column.length;
    for (const row of rows.slice(0, sampledRows)) {
      const value = row[column];
      if (value !== null && value !== undefined) longest = Math.max(longest, String(value).length);
    }
    return { width: Math.min(maxColumnWidth, longest + 2) };
  });
  const data: SheetData = [header, ...body];
  return writeXlsxFile(data, { sheet: sheetName(sheet), columns: widths, stickyRowsCount: 1 }).toBuffer();
}
