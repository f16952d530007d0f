import { describe, expect, it } from 'vitest';
import { WORDS } from '../../../web/src/book/i18n';
import { LOGO_HEIGHT, salonLogo } from '../../../web/src/book/logo';

describe('booking page logo (web/src/book/logo.ts)', () => {
  it("is the API's logo route under the API base URL, with alt text and a fixed height, when the salon has one", () => {
    const branding = { logoUrl: '/v1/public/demo-salon/logo' };
    expect(salonLogo('https://abc.execute-api.eu-west-3.amazonaws.com/prod/', branding, WORDS.en.logo('Demo Salon'))).toEqual({
      src: 'https://abc.execute-api.eu-west-3.amazonaws.com/prod/v1/public/demo-salon/logo',
      alt: 'Demo Salon logo',
      height: LOGO_HEIGHT,
    });
    expect(salonLogo('http://localhost:3000', branding, WORDS.fr.logo('Demo Salon'))).toEqual({
      src: 'http://localhost:3000/v1/public/demo-salon/logo',
      alt: 'Logo de Demo Salon',
      height: LOGO_HEIGHT,
    });
  });

  it('is nothing when the salon has no logo', () => {
    expect(salonLogo('http://localhost:3000/', { logoUrl: null }, 'x')).toBeUndefined();
    expect(salonLogo('http://localhost:3000/', { logoUrl: '' }, 'x')).toBeUndefined();
  });
});
