import { render } from 'preact';
import { apiClient } from '../shared/api';
import { webConfig } from '../shared/config';
import { interceptLinks, navigate } from '../shared/router';
import '../shared/base.css';
import { App } from './App';
import { CALLBACK_PATH, Session } from './auth';

async function boot(): Promise<void> {
  const root = document.getElementById('app') as HTMLElement;
  const config = await webConfig();
  const session = new Session(config);
  if (window.location.pathname === CALLBACK_PATH) {
    try {
      navigate(await session.completeSignIn(), true);
    } catch {
      // A stale or replayed callback: start again from the home page.
      await session.signIn('/');
    }
  }
  if (!(await session.user())) await session.signIn();
  // A 401 means the session ended (revoked, or renewal failed): sign in again, back to this page.
  const api = apiClient(
    config.apiUrl,
    () => session.accessToken(),
    () => void session.manager.removeUser().then(() => session.signIn()),
  );
  interceptLinks();
  render(<App api={api} session={session} />, root);
}

void boot().catch((err: unknown) => {
  const root = document.getElementById('app');
  if (root) root.textContent = `The console could not start: ${err instanceof Error ? err.message : String(err)}`;
});
