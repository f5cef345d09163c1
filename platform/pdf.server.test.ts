import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, isPdfRenderError, renderPdf } from './pdf.server';

/*
 * Printing a page to PDF with the system's Chromium, against two small local servers: the page
 * to print (it records what it received) and another origin the page tries to load from. Where
 * Chromium is missing, the renderer must say so with its typed error instead.
 */

interface Site {
  url: string;
  requests: { path: string; cookie: string }[];
  /** The most pages served at once (each /slow page takes a moment). */
  mostAtOnce: number;
  close(): Promise<void>;
}

function site(page: (other: string) => string, other = ''): Promise<Site> {
  const served: Omit<Site, 'close'> = { url: '', requests: [], mostAtOnce: 0 };
  let atOnce = 0;
  const server = http.createServer((request, response) => {
    served.requests.push({ path: request.url ?? '', cookie: request.headers.cookie ?? '' });
    response.setHeader('Content-Type', 'text/html; charset=utf-8');
    if (request.url?.startsWith('/missing')) response.statusCode = 404;
    if (!request.url?.startsWith('/slow')) return response.end(page(other));
    atOnce += 1;
    served.mostAtOnce = Math.max(served.mostAtOnce, atOnce);
    setTimeout(() => {
      atOnce -= 1;
      response.end(page(other));
    }, 300);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      served.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve(Object.assign(served, { close: () => new Promise<void>((done) => server.close(() => done())) }));
    }),
  );
}

let elsewhere: Site;
let own: Site;

beforeAll(async () => {
  elsewhere = await site(() => 'tracker');
  // "localhost" is another origin than 127.0.0.1 for the browser, though the same machine.
  own = await site((other) => `<!doctype html><title>Rapport</title><h1>Rapport</h1><img src="${other}/pixel.png" alt="">`, elsewhere.url.replace('127.0.0.1', 'localhost'));
});
afterAll(async () => {
  await own?.close();
  await elsewhere?.close();
});

const hasChromium = existsSync(chromiumPath());

describe('printing a page to PDF', () => {
  it(hasChromium ? 'prints the page as the requester, sending their cookie to this origin only and loading nothing from elsewhere' : 'says Chromium is missing', async () => {
    const printing = renderPdf({ url: `${own.url}/report?view=report`, cookies: [{ name: 'plenum_session', value: 'signed-session' }], locale: 'fr' });
    if (!hasChromium) {
      await expect(printing).rejects.toSatisfy((error) => isPdfRenderError(error) && error.reason === 'unavailable');
      return;
    }
    const pdf = (await printing).toString('latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    expect(pdf.match(/\/Type\s*\/Page[^s]/g)).toHaveLength(1);
    expect(own.requests.find((request) => request.path === '/report?view=report')?.cookie).toBe('plenum_session=signed-session');
    expect(elsewhere.requests).toEqual([]);
  });

  it('refuses to print an error page', async () => {
    const printing = renderPdf({ url: `${own.url}/missing` });
    await expect(printing).rejects.toSatisfy((error) => isPdfRenderError(error) && error.reason === (hasChromium ? 'page' : 'unavailable'));
  });

  it('prints one page at a time, in the order asked', async () => {
    if (!hasChromium) {
      await expect(renderPdf({ url: own.url })).rejects.toSatisfy((error) => isPdfRenderError(error) && error.reason === 'unavailable');
      return;
    }
    const before = own.requests.length;
    const printed = await Promise.all(['/slow-a', '/slow-b', '/slow-c'].map((path) => renderPdf({ url: `${own.url}${path}` })));
    expect(printed.every((pdf) => pdf.subarray(0, 5).toString() === '%PDF-')).toBe(true);
    expect(own.mostAtOnce).toBe(1);
    expect(own.requests.slice(before).map((request) => request.path).filter((path) => path !== '/favicon.ico')).toEqual(['/slow-a', '/slow-b', '/slow-c']);
  });

  it('says when the given Chromium is not there', async () => {
    const before = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = '/nonexistent/chromium';
    try {
      await expect(renderPdf({ url: own.url })).rejects.toSatisfy((error) => isPdfRenderError(error) && error.reason === 'unavailable');
    } finally {
      if (before === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = before;
    }
  });
});
