import { test, type ConsoleMessage, type Page, type Request } from '@playwright/test';

/**
 * Collects console errors and uncaught page errors from the moment it is attached; call it
 * before `page.goto`. `errors` is live: read it at the end of the test.
 */
export function collectConsoleErrors(page: Page): { errors: string[] } {
  const errors: string[] = [];
  page.on('console', (msg: ConsoleMessage) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      errors.push(`console.error: ${msg.text()}${loc.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (err: Error) => errors.push(`pageerror: ${err.message}`));
  return { errors };
}

/** The origin the app is served from: the running project's baseURL. */
export function appOrigin(): string {
  return new URL(test.info().project.use.baseURL ?? 'http://localhost:4173').origin;
}

/**
 * Collects every request whose origin is not `allowedOrigin` (default: the app's origin). Listens
 * on the page's browser context, so requests from workers and popups count too. data: and blob:
 * URLs are local and not counted.
 */
export function collectForeignRequests(page: Page, allowedOrigin?: string): { requests: string[] } {
  const requests: string[] = [];
  const base = allowedOrigin ?? appOrigin();
  page.context().on('request', (req: Request) => {
    const url = req.url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    let origin: string;
    try {
      origin = new URL(url).origin;
    } catch {
      requests.push(url);
      return;
    }
    if (origin !== base) requests.push(url);
  });
  return { requests };
}
