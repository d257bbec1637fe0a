// The console's frame: navigation (hash routes), who is acting (a name, or a token login when
// the API wants one), the page.
import { useEffect, useState } from 'react';
import { api, call } from './api/client';
import type { ConsoleSettings } from './api/types';
import { AccessProvider, useAccess } from './auth/access';
import { Identity } from './components/Identity';
import { useHashRoute } from './hooks';
import { Approvals } from './pages/Approvals';
import { Evidence } from './pages/evidence/Evidence';
import { Overview } from './pages/Overview';
import { Rules } from './pages/rules/Rules';
import { Incidents } from './pages/incidents/Incidents';
import { Schedules } from './pages/schedules/Schedules';
import { Operations } from './pages/operations/Operations';
import { Models } from './pages/models/Models';
import { Timeline } from './pages/Timeline';

const PAGES = [
  { id: 'overview', label: 'Overview', Page: Overview },
  { id: 'timeline', label: 'Timeline', Page: Timeline },
  { id: 'approvals', label: 'Approvals', Page: Approvals },
  { id: 'evidence', label: 'Evidence', Page: Evidence },
  { id: 'rules', label: 'Rules', Page: Rules },
  { id: 'incidents', label: 'Incidents', Page: Incidents },
  { id: 'schedules', label: 'Schedules', Page: Schedules },
  { id: 'models', label: 'Models', Page: Models },
  { id: 'operations', label: 'Operations', Page: Operations },
] as const;

export function App() {
  return (
    <AccessProvider>
      <Frame />
    </AccessProvider>
  );
}

function Frame() {
  const route = useHashRoute();
  const { me, error: accessError } = useAccess();
  const [settings, setSettings] = useState<ConsoleSettings>();
  const [settingsError, setSettingsError] = useState<string>();
  useEffect(() => {
    call(api.GET('/api/v1/console')).then(setSettings, (e: Error) => setSettingsError(e.message));
  }, []);
  const page = PAGES.find((p) => p.id === route) ?? PAGES[0];
  useEffect(() => {
    document.title = `${page.label} · Bulwark console`;
  }, [page]);
  const loggedOut = settings?.auth && me === null;
  return (
    <>
      <a href="#main" className="skip" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>Skip to the page</a>
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
      <main id="main" tabIndex={-1}>
        {settingsError && <p role="alert" className="error">Settings could not be read: {settingsError}</p>}
        {loggedOut ? (
          <>
            <h1>Log in</h1>
            <p role="alert" className="error">This API needs a token: {accessError ?? 'enter one above'}. Create one with <code>bulwark tokens create --role viewer|operator|approver|admin</code>.</p>
          </>
        ) : (
          <page.Page settings={settings} />
        )}
      </main>
    </>
  );
}
