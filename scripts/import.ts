/**
 * `npm run import -- <file.csv> --consultation <slug> [--instance <id>] [--dry-run]` loads
 * proposals and votes gathered elsewhere into a proposals instance (docs/import.md), on
 * DATABASE_URL or on the embedded database in DATA_DIR, like the server. Progress goes to stderr,
 * the report to stdout, every rejected row to <file>.rejected.csv. Exit code 0 when the import
 * ran (even with rejected rows), 1 when it could not.
 */
import fs from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { toCsv } from '../platform/csv';
import { ConfigError, loadConfig } from '../platform/config.server';
import { openDatabase } from '../platform/db/database.server';
import { migrateToLatest } from '../platform/db/migrate.server';
import { formatImportReport, ImportError, importProposalsCsv, notUtf8, rejectedRowsForCsv, type ImportProgress } from '../modules/proposals/import.server';

const usage = 'usage: npm run import -- <file.csv> --consultation <slug> [--instance <module instance id>] [--dry-run]';

function fail(message: string): never {
  process.stderr.write(`plenum: ${message}\n`);
  process.exit(1);
}

/** A bar redrawn in place on a terminal; one line every tenth of the way otherwise (logs, CI). */
function progressPrinter(stream: NodeJS.WriteStream) {
  const started = Date.now();
  let lastTenth = -1;
  let lastDraw = 0;
  return ({ rows, total }: ImportProgress) => {
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? rows / seconds : 0;
    const share = total ? Math.min(1, rows / total) : 0;
    const left = total && rate > 0 ? Math.ceil((total - rows) / rate) : null;
    const figures = `${rows.toLocaleString('en')}${total !== null ? ` / ${total.toLocaleString('en')}` : ''} rows · ${Math.round(rate).toLocaleString('en')} rows/s${left !== null && rows < (total ?? 0) ? ` · about ${left} s left` : ''}`;
    if (stream.isTTY) {
      const now = Date.now();
      if (now - lastDraw < 100 && rows !== total) return;
      lastDraw = now;
      const width = 30;
      const filled = Math.round(share * width);
      stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(share * 100)}% ${figures}\x1b[K`);
      if (total !== null && rows >= total) stream.write('\n');
      return;
    }
    const tenth = total ? Math.floor(share * 10) : Math.floor(rows / 10_000);
    if (tenth > lastTenth) {
      lastTenth = tenth;
      stream.write(`import: ${total ? `${Math.round(share * 100)}% ` : ''}${figures}\n`);
    }
  };
}

const options = { consultation: { type: 'string' }, instance: { type: 'string' }, 'dry-run': { type: 'boolean' } } as const;
function readArgs() {
  try {
    return parseArgs({ options, allowPositionals: true });
  } catch (error) {
    return fail(`${(error as Error).message}\n${usage}`);
  }
}
const args = readArgs();
const [file, ...extra] = args.positionals;
if (!file) fail(`name the CSV file to import.\n${usage}`);
if (extra.length > 0) fail(`one file at a time (got ${args.positionals.length}).\n${usage}`);
if (!args.values.consultation) fail(`name the consultation with --consultation <slug>.\n${usage}`);

let bytes: Buffer;
try {
  bytes = await fs.readFile(file);
} catch (error) {
  const code = (error as { code?: string }).code;
  fail(code === 'ENOENT' ? `there is no file ${file}.` : code === 'EISDIR' ? `${file} is a folder, not a CSV file.` : `cannot read ${file} (${code ?? (error as Error).message}).`);
}
let text: string;
try {
  text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
} catch {
  fail(notUtf8().message);
}

try {
  const database = await openDatabase(loadConfig().database);
  try {
    await migrateToLatest(database.db);
    const report = await importProposalsCsv(database.db, {
      consultationSlug: args.values.consultation,
      instanceId: args.values.instance,
      text,
      dryRun: args.values['dry-run'] ?? false,
      onProgress: progressPrinter(process.stderr),
    });
    let rejectedFile: string | null = null;
    if (report.rejected.length > 0) {
      rejectedFile = `${file}.rejected.csv`;
      await fs.writeFile(rejectedFile, toCsv(rejectedRowsForCsv(report)));
    }
    process.stdout.write(formatImportReport(report, rejectedFile));
  } finally {
    await database.close();
  }
} catch (error) {
  fail(error instanceof ConfigError || error instanceof ImportError ? error.message : (error as Error).message.split('\n')[0]!);
}
