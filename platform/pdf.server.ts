import { access, constants } from 'node:fs/promises';

/*
 * Printing one of Plenum's own pages to PDF with headless Chromium (playwright-core drives the
 * system's Chromium; no browser is downloaded). One rendering at a time: Chromium takes hundreds
 * of megabytes, and a few reports asked at once must not take the server down. The page is
 * rendered as the person who asked sees it: their session cookie is given to the browser for
 * Plenum's own address only, and the browser may load nothing from anywhere else.
 */

export type PdfFailure = 'unavailable' | 'failed' | 'timeout' | 'busy' | 'page';

/** Why a PDF could not be made: no Chromium on this server, Chromium failing, too slow, too many waiting, or the page answering an error. */
export class PdfRenderError extends Error {
  override name = 'PdfRenderError';
  constructor(
    readonly reason: PdfFailure,
    message: string,
  ) {
    super(message);
  }
}

/** Recognised by name: the Remix bundle may hold its own copy of the class. */
export function isPdfRenderError(error: unknown): error is PdfRenderError {
  return error instanceof Error && error.name === 'PdfRenderError' && 'reason' in error;
}

export const chromiumPath = () => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const chromiumFlags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Renderings waiting behind the one in progress before new ones are refused. */
const maxWaiting = 8;
let waiting = 0;
let queue: Promise<unknown> = Promise.resolve();

function oneAtATime<T>(task: () => Promise<T>): Promise<T> {
  if (waiting >= maxWaiting) return Promise.reject(new PdfRenderError('busy', `${waiting} PDF renderings are already waiting`));
  waiting += 1;
  const run = queue.then(() => {
    waiting -= 1;
    return task();
  });
  queue = run.catch(() => undefined);
  return run;
}

export interface PdfRequest {
  /** The page to print: an address of Plenum itself. */
  url: string;
  /** Cookies to send to that address (the requester's session), and only to it. */
  cookies?: { name: string; value: string }[];
  /** The language the page is asked in (Accept-Language). */
  locale?: string;
  timeoutMs?: number;
}

/** The page as an A4 PDF with margins and its background colours. */
export function renderPdf(request: PdfRequest): Promise<Buffer> {
  return oneAtATime(() => render(request));
}

async function render({ url, cookies = [], locale, timeoutMs = 60_000 }: PdfRequest): Promise<Buffer> {
  const executablePath = chromiumPath();
  try {
    await access(executablePath, constants.X_OK);
  } catch {
    throw new PdfRenderError('unavailable', `no Chromium at ${executablePath} (set CHROMIUM_PATH)`);
  }
  const origin = new URL(url).origin;
  // Loaded on first use: the whole server need not load the browser driver to start.
  const { chromium } = await import('playwright-core');
  let browser: Awaited<ReturnType<typeof chromium.launch>>;
  try {
    browser = await chromium.launch({ executablePath, args: chromiumFlags, timeout: timeoutMs });
  } catch (error) {
    throw new PdfRenderError('failed', `Chromium did not start: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  let timedOut = false;
  // Closing the browser makes whatever it is doing fail at once.
  const timer = setTimeout(() => {
    timedOut = true;
    void browser.close();
  }, timeoutMs);
  try {
    const context = await browser.newContext({ locale, javaScriptEnabled: true });
    if (cookies.length > 0) await context.addCookies(cookies.map((cookie) => ({ ...cookie, url: origin })));
    await context.route('**/*', (route) => (new URL(route.request().url()).origin === origin ? route.continue() : route.abort()));
    const page = await context.newPage();
    const response = await page.goto(url, { waitUntil: 'load', timeout: timeoutMs });
    if (!response || response.status() !== 200) throw new PdfRenderError('page', `the page answered ${response?.status() ?? 'nothing'}`);
    // Web fonts still loading would print in the fallback font.
    await page.evaluate(async () => {
      await document.fonts.ready;
    });
    return await page.pdf({ format: 'A4', margin: { top: '15mm', right: '12mm', bottom: '15mm', left: '12mm' }, printBackground: true });
  } catch (error) {
    if (timedOut) throw new PdfRenderError('timeout', `the rendering took more than ${timeoutMs} ms`);
    if (isPdfRenderError(error)) throw error;
    throw new PdfRenderError('failed', error instanceof Error ? error.message.split('\n')[0]! : String(error));
  } finally {
    clearTimeout(timer);
    await browser.close().catch(() => undefined);
  }
}
