/**
 * CloudFront Function (cloudfront-js-2.0), viewer request: the pages' fallback. `/book/<slug>...` is
 * the booking page, any other path without a file extension is a console route (its own router), and
 * files (`/assets/...`, `/config.json`, the pages themselves) pass through. The same rule as the dev
 * server's `pageFor` in web/vite.config.ts; tests/infra/web-stack.test.ts holds them to each other.
 */
// biome-ignore lint/correctness/noUnusedVariables: CloudFront calls the function named handler.
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri === '/book' || uri.startsWith('/book/')) {
    request.uri = '/book.html';
  } else if (!/\.[a-z0-9]+$/i.test(uri)) {
    request.uri = '/index.html';
  }
  return request;
}
