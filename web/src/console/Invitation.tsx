/** The invitation email's link: accept it as the signed-in user (whose verified email must match). */
import { useState } from 'preact/hooks';
import type { Api } from '../shared/api';
import { navigate } from '../shared/router';
import { screenPath, screensFor } from './nav';

const REASONS: Record<string, string> = {
  EMAIL_NOT_VERIFIED: 'Verify your email address first, then open the link again.',
  NOT_FOUND: 'This invitation does not exist, has expired or was for another email address.',
};

export function AcceptInvitation({
  api,
  invitationId,
  onAccepted,
}: {
  api: Api;
  invitationId: string;
  onAccepted: () => Promise<void>;
}) {
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  async function accept() {
    setBusy(true);
    const { data, error: failure } = await api.POST('/v1/invitations/{invitationId}/accept', {
      params: { path: { invitationId } },
    });
    setBusy(false);
    if (!data) {
      const code = failure?.error.code ?? '';
      setError(REASONS[code] ?? failure?.error.message ?? 'The invitation could not be accepted.');
      return;
    }
    await onAccepted();
    // Straight into the salon joined, on the first screen the new role has.
    const first = screensFor(data.role)[0];
    navigate(first ? screenPath(data.tenantId, first.id) : `/tenants/${data.tenantId}`);
  }
  return (
    <section>
      <h1>Join a salon</h1>
      <p>You were invited to join a salon on Rendezvous.</p>
      {error && <p role="alert">{error}</p>}
      <button type="button" onClick={() => void accept()} disabled={busy}>
        Accept the invitation
      </button>
    </section>
  );
}
