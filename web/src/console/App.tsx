import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Answer, Api } from '../shared/api';
import { usePath } from '../shared/router';
import type { Session } from './auth';
import { Billing } from './Billing';
import { Calendar } from './Calendar';
import { Clients } from './Clients';
import { AcceptInvitation } from './Invitation';
import { Members } from './Members';
import { type Screen, screenPath, screensFor } from './nav';
import { Salons } from './Salons';
import { Services } from './Services';
import { Staff } from './Staff';
import { WeekView } from './WeekView';
import { Settings } from './Settings';

type Me = Answer<'getMe'>;
export type Membership = Me['memberships'][number];

export interface ConsoleProps {
  api: Api;
  session: Session;
}

export function App({ api, session }: ConsoleProps) {
  const path = usePath();
  const [me, setMe] = useState<Me | undefined>();
  const [failed, setFailed] = useState<string | undefined>();
  const reload = useCallback(async () => {
    const { data, error } = await api.GET('/v1/me');
    if (data) setMe(data);
    else setFailed(error ? 'Your account could not be loaded.' : undefined);
  }, [api]);
  useEffect(() => void reload(), [reload]);

  const [, first, tenantId, screenId] = path.split('?')[0]?.split('/') ?? [];
  const membership = first === 'tenants' ? me?.memberships.find((m) => m.tenantId === tenantId) : undefined;
  const screens = membership ? screensFor(membership.role) : [];
  const screen = screens.find((s) => s.id === screenId);

  let body = <p>Loading…</p>;
  if (failed) body = <p role="alert">{failed}</p>;
  else if (me && first === 'invitations' && tenantId)
    body = <AcceptInvitation api={api} invitationId={tenantId} onAccepted={reload} />;
  else if (me && first === 'tenants') {
    if (!membership) body = <p role="alert">This salon is not one of yours.</p>;
    else if (!screen) body = <NoAccess membership={membership} screens={screens} />;
    else if (screen.id === 'calendar') body = <Calendar api={api} membership={membership} />;
    else if (screen.id === 'week') body = <WeekView api={api} membership={membership} userId={me.userId} />;
    else if (screen.id === 'clients') body = <Clients api={api} membership={membership} />;
    else if (screen.id === 'services') body = <Services api={api} membership={membership} />;
    else if (screen.id === 'staff') body = <Staff api={api} membership={membership} />;
    else if (screen.id === 'members') body = <Members api={api} membership={membership} userId={me.userId} />;
    else if (screen.id === 'settings') body = <Settings api={api} membership={membership} />;
    else body = <Billing api={api} membership={membership} />;
  } else if (me) body = <Salons api={api} memberships={me.memberships} onCreated={reload} />;

  return (
    <>
      <header class="bar">
        <a class="brand" href="/">
          Rendezvous
        </a>
        {membership && (
          <nav aria-label="Salon">
            <span class="salon">{membership.name}</span>
            {screens.map((s) => (
              <a key={s.id} href={screenPath(membership.tenantId, s.id)} aria-current={s.id === screen?.id ? 'page' : undefined}>
                {s.label}
              </a>
            ))}
          </nav>
        )}
        <span class="spacer" />
        {me && <span class="who">{me.email}</span>}
        <button type="button" class="link" onClick={() => void session.signOut()}>
          Sign out
        </button>
      </header>
      <main id="main">{body}</main>
    </>
  );
}

function NoAccess({ membership, screens }: { membership: Membership; screens: Screen[] }) {
  return (
    <section>
      <h1>{membership.name}</h1>
      {screens.length ? (
        <p>
          Choose a screen:{' '}
          {screens.map((s) => (
            <a key={s.id} href={screenPath(membership.tenantId, s.id)}>
              {s.label}{' '}
            </a>
          ))}
        </p>
      ) : (
        <p>Your role has no screen here yet.</p>
      )}
    </section>
  );
}
