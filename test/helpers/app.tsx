// The shell (App) in ink-testing-library for pane tests: a live source state, a store holding
// sources, and the App rendered at a terminal size.
import { render } from 'ink-testing-library';
import { createAppStore, type AppStore, type SourceState } from '../../src/store/store.js';
import { App } from '../../src/ui/App.js';

/** A live source state (fetched now, no failures, stale after a minute) with `data`. */
export function liveSource<T>(data?: T, extra: Partial<SourceState<T>> = {}): SourceState<T> {
  return { status: 'ok', since: 0, failures: 0, staleAfterMs: 60_000, fetchedAt: Date.now(), data, ...extra };
}

/** A store (focus on pods) holding these sources. */
export function storeWithSources(sources: Record<string, SourceState>): AppStore {
  const store = createAppStore('pods');
  store.setState({ sources });
  return store;
}

/** The App on `store` in a terminal of columns x rows. */
export function renderApp(store: AppStore, columns = 200, rows = 50): ReturnType<typeof render> {
  return render(<App store={store} onQuit={() => undefined} size={{ columns, rows }} />);
}
