import { Transform } from 'node:stream';
import { createReadableStreamFromReadable, type EntryContext } from '@remix-run/node';
import { RemixServer } from '@remix-run/react';
import { createInstance } from 'i18next';
import Backend from 'i18next-fs-backend';
import { isbot } from 'isbot';
import path from 'node:path';
import { renderToPipeableStream } from 'react-dom/server';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { i18nConfig } from '../platform/i18n/config';
import { i18next } from './i18n.server';

const abortDelayMs = 5000;

// React 18.3's stream writes a stray NUL byte where a multi-byte character (é, «, …) meets the
// end of its 4 kB buffer (facebook/react#31134): the character itself is intact, and NUL is
// never valid in HTML, so it is dropped on the way out.
function withoutNulBytes(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, chunk.includes(0) ? Buffer.from(chunk.filter((byte) => byte !== 0)) : chunk);
    },
  });
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  // Each request renders with its own i18next instance, in the reader's language, with the
  // namespaces its routes declared in `handle.i18n`.
  const instance = createInstance();
  const lng = await i18next.getLocale(request);
  const ns = i18next.getRouteNamespaces(remixContext);
  await instance
    .use(initReactI18next)
    .use(Backend)
    .init({ ...i18nConfig, lng, ns, backend: { loadPath: path.resolve('locales/{{lng}}/{{ns}}.json') } });

  // Crawlers get the whole page at once; people get it streamed.
  const readyEvent = isbot(request.headers.get('user-agent')) ? 'onAllReady' : 'onShellReady';

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <I18nextProvider i18n={instance}>
        <RemixServer context={remixContext} url={request.url} abortDelay={abortDelayMs} />
      </I18nextProvider>,
      {
        [readyEvent]() {
          shellRendered = true;
          const body = withoutNulBytes();
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8');
          // No other site may frame Plenum's pages (clickjacking), except the widget, whose route
          // names the sites its consultation allows.
          if (!responseHeaders.has('Content-Security-Policy')) responseHeaders.set('Content-Security-Policy', "frame-ancestors 'self'");
          resolve(
            new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors after the shell are logged by the server's error handler once streaming ends.
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, abortDelayMs);
  });
}
