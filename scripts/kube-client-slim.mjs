// @kubernetes/client-node without its generated API layer at start (issue 15). The console
// starts with the kubeconfig (`dist/config.js`) and the HTTP request context
// (`dist/gen/http/http.js`), imported from those paths by src/data/kubernetes/client.ts; but
// config.js imports two names from `./gen/index.js`, which re-exports every generated model and
// API class and ObjectSerializer's type maps (~15 MB of JavaScript). This plugin points that one
// import at a module exporting only those two names, so the chunk that holds KubeConfig holds
// no models; the typed clients (the package index, src/data/kubernetes/connection.ts `typed()`)
// load with `import()` when an operation or doctor needs them, and share config.js's modules.
import { fileURLToPath } from 'node:url';

const GEN = fileURLToPath(new URL('../node_modules/@kubernetes/client-node/dist/gen/', import.meta.url));
const configJs = /[\\/]@kubernetes[\\/]client-node[\\/]dist[\\/]config\.js$/;

export const kubeClientSlimPlugin = {
  name: 'kube-client-slim',
  setup(b) {
    b.onResolve({ filter: /^\.\/gen\/index\.js$/ }, (args) =>
      configJs.test(args.importer) ? { path: 'gen-index-slim.js', namespace: 'kube-client-slim' } : undefined,
    );
    // What config.js imports from gen/index.js (createConfiguration in makeApiClient, and the
    // ServerConfiguration it is given), from the files that define them.
    b.onLoad({ filter: /.*/, namespace: 'kube-client-slim' }, () => ({
      contents:
        "export { createConfiguration } from './configuration.js';\n" +
        "export { ServerConfiguration } from './servers.js';\n",
      resolveDir: GEN,
      loader: 'js',
    }));
  },
};
