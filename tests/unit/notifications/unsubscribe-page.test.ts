import { describe, expect, it } from 'vitest';
import { wantsHtml } from '../../../functions/shared/http/responses';
import { pageLocale, renderUnsubscribePage } from '../../../functions/shared/mail/unsubscribe-page';

describe('unsubscribe page', () => {
  it.each([
    ['fr-FR,fr;q=0.9,en;q=0.8', 'en-US', 'fr'],
    ['de-DE,en;q=0.5,fr;q=0.7', 'en-US', 'fr'],
    ['de-DE', 'fr-FR', 'fr'],
    [undefined, 'en-GB', 'en'],
    ['fr;q=0, en', 'fr-FR', 'en'],
    ['*', 'fr-CA', 'fr'],
  ] as const)('picks the language from %s (salon %s): %s', (accept, salon, want) => {
    expect(pageLocale(accept, salon)).toBe(want);
  });

  it('chooses HTML for browsers, JSON for API clients, the default for anything else', () => {
    expect(wantsHtml('text/html,application/xhtml+xml,*/*;q=0.8', false)).toBe(true);
    expect(wantsHtml('application/json', true)).toBe(false);
    expect(wantsHtml('*/*', true)).toBe(true);
    expect(wantsHtml(undefined, false)).toBe(false);
  });

  it('escapes the salon name and the action, and shows the button only while subscribed', () => {
    const page = { channel: 'email', salonName: '<b>"Chez</b> Léa', locale: 'en', action: '?token=a"b&c' } as const;
    const open = renderUnsubscribePage({ ...page, subscribed: true });
    expect(open).toContain('&lt;b&gt;&quot;Chez&lt;/b&gt; Léa');
    expect(open).not.toContain('<b>');
    expect(open).toContain('<form method="post" action="?token=a&quot;b&amp;c">');
    expect(open).toContain('name="List-Unsubscribe" value="One-Click"');
    expect(renderUnsubscribePage({ ...page, subscribed: false })).not.toContain('<form');
    const done = renderUnsubscribePage({ ...page, channel: 'sms', locale: 'fr', subscribed: false, changed: true });
    expect(done).toContain('<html lang="fr">');
    expect(done).toContain('les SMS');
    expect(done).not.toContain('<form');
  });
});
