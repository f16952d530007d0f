/**
 * The salon's logo in the booking page's bar. `branding.logoUrl` is a path under the API's base URL
 * (`/v1/public/{slug}/logo`, which redirects to a short-lived presigned GET on the app bucket: both
 * origins are in the page's CSP `img-src`, lib/stacks/web-stack.ts); null when the salon has no logo.
 */

/** Height of the logo in the bar, in CSS pixels (its width follows its aspect ratio, capped in base.css). */
export const LOGO_HEIGHT = 40;

export interface LogoImage {
  src: string;
  alt: string;
  height: number;
}

/** The logo's image, or undefined without one. `apiUrl` is the API's base URL (config.json), with or without a trailing slash. */
export function salonLogo(apiUrl: string, branding: { logoUrl: string | null }, alt: string): LogoImage | undefined {
  const path = branding.logoUrl;
  if (!path) return undefined;
  return { src: `${apiUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`, alt, height: LOGO_HEIGHT };
}
