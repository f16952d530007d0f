/**
 * Members and invitations. Listing needs `users:read`; changing a role `users:update`; removing a member
 * or revoking an invitation `users:delete`; inviting `users:create` (each hidden without it). Nobody
 * acts on a member ranked above them nor grants a role above their own: the API refuses it, and the
 * screen offers only what it would accept.
 */
import { useEffect, useState } from 'preact/hooks';
import { ROLE_RANK, ROLES, type Role } from '../../../functions/shared/domain/rbac';
import type { Answer, Api } from '../shared/api';
import type { Membership } from './App';
import { can } from './nav';

type Member = Answer<'listMembers'>['items'][number];
type Invitation = Answer<'listInvitations'>['items'][number];

const MAX_PAGES = 20;

export function Members({ api, membership, userId }: { api: Api; membership: Membership; userId: string }) {
  const tenantId = membership.tenantId;
  const path = { tenantId };
  const role = membership.role;
  const grantable = ROLES.filter((r) => ROLE_RANK[r] <= ROLE_RANK[role]);
  const actsOn = (r: Role) => ROLE_RANK[r] <= ROLE_RANK[role];
  // Your own row shows no actions: leaving a salon is not done by removing yourself here.
  const actsOnMember = (m: Member) => m.userId !== userId && actsOn(m.role);
  const [members, setMembers] = useState<Member[] | undefined>();
  const [invitations, setInvitations] = useState<Invitation[] | undefined>();
  const [message, setMessage] = useState<{ text: string; alert: boolean } | undefined>();

  async function loadMembers() {
    const all: Member[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < MAX_PAGES; i++) {
      const { data } = await api.GET('/v1/tenants/{tenantId}/members', {
        params: { path, query: { limit: '100', ...(cursor ? { cursor } : {}) } },
      });
      if (!data) return setMessage({ text: 'The members could not be loaded.', alert: true });
      all.push(...data.items);
      if (!data.nextCursor) break;
      cursor = data.nextCursor;
    }
    setMembers(all);
  }
  async function loadInvitations() {
    const all: Invitation[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < MAX_PAGES; i++) {
      const { data } = await api.GET('/v1/tenants/{tenantId}/invitations', {
        params: { path, query: { limit: '100', ...(cursor ? { cursor } : {}) } },
      });
      if (!data) return setMessage({ text: 'The invitations could not be loaded.', alert: true });
      all.push(...data.items);
      if (!data.nextCursor) break;
      cursor = data.nextCursor;
    }
    setInvitations(all);
  }
  useEffect(() => {
    void loadMembers();
    void loadInvitations();
  }, [tenantId]);

  const done = (text: string) => setMessage({ text, alert: false });
  const failed = (error: { error: { message: string } } | undefined, fallback: string) =>
    setMessage({ text: error?.error.message ?? fallback, alert: true });

  async function changeRole(m: Member, next: Role) {
    const { data, error } = await api.PATCH('/v1/tenants/{tenantId}/members/{userId}', {
      params: { path: { tenantId, userId: m.userId } },
      body: { role: next },
    });
    if (!data) return failed(error, 'The role could not be changed.');
    done(`${m.email} is now ${data.role}.`);
    await loadMembers();
  }
  async function remove(m: Member) {
    if (!window.confirm(`Remove ${m.email} from ${membership.name}?`)) return;
    const { error, response } = await api.DELETE('/v1/tenants/{tenantId}/members/{userId}', {
      params: { path: { tenantId, userId: m.userId } },
    });
    if (!response.ok) return failed(error, 'The member could not be removed.');
    done(`${m.email} was removed.`);
    await loadMembers();
  }
  async function invite(event: Event) {
    event.preventDefault();
    const formEl = event.currentTarget as HTMLFormElement;
    const form = new FormData(formEl);
    const email = String(form.get('email') ?? '').trim();
    const { data, error } = await api.POST('/v1/tenants/{tenantId}/invitations', {
      params: { path },
      body: { email, role: String(form.get('role')) as Role },
    });
    if (!data) return failed(error, 'The invitation could not be sent.');
    // Only the address is cleared: the role chosen stays for the next invitation.
    const emailInput = formEl.elements.namedItem('email');
    if (emailInput instanceof HTMLInputElement) emailInput.value = '';
    done(`Invitation sent to ${data.email} (${data.role}).`);
    await loadInvitations();
  }
  async function revoke(inv: Invitation) {
    const { error, response } = await api.DELETE('/v1/tenants/{tenantId}/invitations/{invitationId}', {
      params: { path: { tenantId, invitationId: inv.invitationId } },
    });
    if (!response.ok) return failed(error, 'The invitation could not be revoked.');
    done(`The invitation to ${inv.email} was revoked.`);
    await loadInvitations();
  }

  const mayUpdate = can(role, 'users:update');
  const mayDelete = can(role, 'users:delete');
  const mayInvite = can(role, 'users:create');
  const date = (iso: string) => new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });

  return (
    <section>
      <h1>Members &amp; invitations</h1>
      {message && <p role={message.alert ? 'alert' : 'status'}>{message.text}</p>}
      {!members ? (
        <p>Loading…</p>
      ) : (
        <table>
          <caption>Members</caption>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Joined</th>
              {(mayUpdate || mayDelete) && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.userId}>
                <th scope="row">
                  {m.email}
                  {m.userId === userId && <span class="muted"> (you)</span>}
                </th>
                <td>
                  {mayUpdate && actsOnMember(m) ? (
                    <select
                      aria-label={`Role of ${m.email}`}
                      value={m.role}
                      onChange={(e) => void changeRole(m, e.currentTarget.value as Role)}
                    >
                      {grantable.map((r) => (
                        <option key={r}>{r}</option>
                      ))}
                    </select>
                  ) : (
                    m.role
                  )}
                </td>
                <td>{date(m.joinedAt)}</td>
                {(mayUpdate || mayDelete) && (
                  <td>
                    {mayDelete && actsOnMember(m) && (
                      <button type="button" class="link danger" onClick={() => void remove(m)}>
                        Remove {m.email}
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>Pending invitations</h2>
      {invitations?.length === 0 && <p>No invitation is waiting.</p>}
      {invitations && invitations.length > 0 && (
        <ul class="choices">
          {invitations.map((inv) => (
            <li key={inv.invitationId} class="row">
              <span>
                <strong>{inv.email}</strong> as {inv.role}, until {date(inv.expiresAt)}
              </span>
              {mayDelete && actsOn(inv.role) && (
                <button type="button" class="link danger" onClick={() => void revoke(inv)}>
                  Revoke the invitation to {inv.email}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}

      {mayInvite && (
        <form class="stack panel" onSubmit={invite}>
          <h2>Invite someone</h2>
          <label>
            Email
            <input name="email" type="email" required maxLength={254} autoComplete="off" />
          </label>
          <label>
            Role
            <select name="role">
              {grantable.map((r) => (
                <option key={r} selected={r === 'employee'}>
                  {r}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">Send the invitation</button>
        </form>
      )}
    </section>
  );
}
