/**
 * Cross-origin access for the app's renderer when it talks to the server directly. Credentials
 * are bearer tokens, never cookies, so CORS is not what protects the data; still only the
 * configured origins are answered.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_VERSION_HEADER } from '../shared/sync/app-version';

export function corsHook(origins: ReadonlySet<string>) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const origin = request.headers.origin;
    if (origin === undefined || !origins.has(origin)) return;
    reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) {
      await reply
        .code(204)
        .header('access-control-allow-methods', 'GET, POST, PUT, DELETE')
        .header('access-control-allow-headers', `authorization, content-type, ${APP_VERSION_HEADER}`)
        .header('access-control-max-age', '600')
        .send();
    }
  };
}
