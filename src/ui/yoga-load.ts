// yoga-layout (ink's layout engine), loaded without `fetch`. Its Emscripten loader fetches its
// own wasm, a data: URL, with `fetch` whenever `fetch` is a function: on Node that call loads
// undici, 30 ms of the first frame spent on a request that then falls back to decoding the
// base64 itself (issue 15). With `fetch` hidden for the synchronous start of the load it decodes
// at once. The bundle routes ink's `import Yoga from 'yoga-layout'` here
// (scripts/bundle-options.mjs, `shimsPlugin`).
import { loadYoga } from 'yoga-layout/load';

export * from 'yoga-layout/load';

function loadWithoutFetch(): ReturnType<typeof loadYoga> {
  const fetchProp = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  Object.defineProperty(globalThis, 'fetch', { value: undefined, configurable: true, writable: true });
  try {
    // The loader tests `typeof fetch` synchronously, inside this call.
    return loadYoga();
  } finally {
    if (fetchProp) Object.defineProperty(globalThis, 'fetch', fetchProp);
    else Reflect.deleteProperty(globalThis, 'fetch');
  }
}

const Yoga = await loadWithoutFetch();
export default Yoga;
