/** Small pieces the clients, services, staff and week screens share: the salon's settings, paging, forms. */
import { useEffect, useState } from 'preact/hooks';
import type { Answer, Api } from '../shared/api';
import { explain } from './format';

export type Settings = Answer<'getTenant'>['settings'];

/** The salon's settings (timezone, currency, week start), read once per screen. */
export function useSettings(api: Api, tenantId: string): Settings | undefined {
  const [settings, setSettings] = useState<Settings | undefined>();
  useEffect(() => {
    void api.GET('/v1/tenants/{tenantId}', { params: { path: { tenantId } } }).then(({ data }) => setSettings(data?.settings));
  }, [tenantId]);
  return settings;
}

/** Every page of a paged list, up to `maxPages` (a page is at most 100 items). */
export async function allPages<T>(
  page: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null } | undefined>,
  maxPages = 10,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const answer = await page(cursor);
    if (!answer) break;
    items.push(...answer.items);
    if (!answer.nextCursor) break;
    cursor = answer.nextCursor;
  }
  return items;
}

/** The value of a named field of a submitted form, trimmed. */
export function field(form: FormData, name: string): string {
  return String(form.get(name) ?? '').trim();
}

type ApiError = Parameters<typeof explain>[0];

/**
 * A form's save (a PATCH of what it edits, or a POST of a new one): busy while the request runs, the
 * API's refusal explained in `error` (or `failure` when it gives none), `onSaved` with what it answered.
 * `setError` is for the form's own checks before it asks.
 */
export function useSave(failure: string) {
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  async function save<T>(request: () => Promise<{ data?: T; error?: ApiError }>, onSaved: (saved: T) => void): Promise<void> {
    setBusy(true);
    setError(undefined);
    const answer = await request();
    setBusy(false);
    if (answer.data) onSaved(answer.data);
    else setError(explain(answer.error, failure));
  }
  return { error, setError, busy, save };
}
