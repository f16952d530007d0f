/** The salon picker (from /v1/me) and onboarding: create a salon, becoming its owner. */
import { useState } from 'preact/hooks';
import type { Api } from '../shared/api';
import { navigate } from '../shared/router';
import type { Membership } from './App';
import { screenPath, screensFor } from './nav';

export function Salons({ api, memberships, onCreated }: { api: Api; memberships: Membership[]; onCreated: () => Promise<void> }) {
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function create(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const name = String(form.get('name') ?? '').trim();
    const slug = String(form.get('slug') ?? '').trim();
    setBusy(true);
    setError(undefined);
    const { data, error: failure } = await api.POST('/v1/tenants', {
      body: { name, slug, timezone: Intl.DateTimeFormat().resolvedOptions().timeZone },
    });
    setBusy(false);
    if (!data) {
      setError(
        failure?.error.code === 'SLUG_TAKEN'
          ? 'That address is taken: choose another.'
          : (failure?.error.message ?? 'The salon could not be created.'),
      );
      return;
    }
    await onCreated();
    navigate(screenPath(data.id, 'calendar'));
  }

  return (
    <section>
      <h1>Your salons</h1>
      {memberships.length === 0 ? (
        <p>You are not a member of any salon yet. Create one below, or open the link of an invitation.</p>
      ) : (
        <ul class="cards">
          {memberships.map((m) => {
            const first = screensFor(m.role)[0];
            return (
              <li key={m.tenantId}>
                <a href={first ? screenPath(m.tenantId, first.id) : `/tenants/${m.tenantId}`}>
                  <strong>{m.name}</strong>
                  <span class="muted">
                    {m.role} · /book/{m.slug}
                  </span>
                </a>
              </li>
            );
          })}
        </ul>
      )}
      <h2>Create a salon</h2>
      <form class="stack" onSubmit={create}>
        <label>
          Name
          <input name="name" required maxLength={120} autoComplete="organization" />
        </label>
        <label>
          Booking page address
          <input
            name="slug"
            required
            pattern="[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9]"
            placeholder="my-salon"
            aria-describedby="slug-help"
          />
        </label>
        <small id="slug-help">Lower-case letters, digits and dashes; your clients book at /book/&lt;address&gt;.</small>
        {error && <p role="alert">{error}</p>}
        <button type="submit" disabled={busy}>
          Create the salon
        </button>
      </form>
    </section>
  );
}
