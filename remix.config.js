/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ['**/.*', '**/*.test.*'],
  serverModuleFormat: 'esm',
  // The server bundle also takes in platform/ and modules/, which live beside app/.
  watchPaths: ['platform/**/*', 'modules/**/*', 'phases/**/*', 'locales/**/*'],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
  },
};
