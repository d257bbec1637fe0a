// The console's frame: navigation (hash routes), who is acting, the optional token, the page.
import { useEffect, useState } from 'react';
import { api, call } from './api/client';
import type { ConsoleSettings } from './api/types';
import { Identity } from './components/Identity';
import { useHashRoute } from './hooks';
import { Approvals } from './pages/Approvals';
import { Overview } from './pages/Overview';
import { Timeline } from './pages/Timeline';

const PAGES = [
  { id: 'overview', label: 'Overview', Page: Overview },
  { id: 'timeline', label: 'Timeline', Page: Timeline },
  { id: 'approvals', label: 'Approvals', Page: Approvals },
] as const;

export function App() {
  const route = useHashRoute();
  const [settings, setSettings] = useState<ConsoleSettings>();
  const [settingsError, setSettingsError] = useState<string>();
  useEffect(() => {
    call(api.GET('/api/v1/console')).then(setSettings, (e: Error) => setSettingsError(e.message));
  }, []);
  const page = PAGES.find((p) => p.id === route) ?? PAGES[0];
  useEffect(() => {
    document.title = `${page.label} · Bulwark console`;
  }, [page]);
  return (
    <>
      <header className="top">
        <span className="brand">Bulwark</span>
        <nav aria-label="Pages">
          <ul>
            {PAGES.map((p) => (
              <li key={p.id}>
                <a href={`#/${p.id}`} aria-current={p.id === page.id ? 'page' : undefined}>
                  {p.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <Identity auth={settings?.auth ?? false} />
      </header>
      <main id="main">
        {settingsError && <p role="alert" className="error">Settings could not be read: {settingsError}</p>}
        <page.Page settings={settings} />
      </main>
    </>
  );
}
