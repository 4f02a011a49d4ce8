/**
 * Every refusal is an HttpError with a stable code from the protocol; the error handler turns it,
 * and fastify's own errors, into the protocol's ErrorBody. Messages never quote request values.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { ErrorBody, ErrorCode } from '../shared/sync/protocol';
import { DatabaseUnavailableError } from './storage/types';

/** Seconds a client is told to wait after a 503 (database unreachable) or 429 of ours. */
export const RETRY_AFTER_SECONDS = 5;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (message: string): HttpError => new HttpError(404, 'not_found', message);

export function errorBody(code: ErrorCode, message: string): ErrorBody {
  return { error: { code, message } };
}

/** Parses with a protocol schema; a mismatch is the client's fault (400), listed briefly by path. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 5).map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : what}: ${issue.message}`);
  const more = result.error.issues.length > 5 ? ` (and ${result.error.issues.length - 5} more)` : '';
  throw new HttpError(400, 'bad_request', `Invalid ${what}: ${issues.join('; ')}${more}`);
}

/** fastify's own 4xx errors (body parsing, limits, URLs) mapped to protocol codes. */
const FRAMEWORK_ERRORS: Record<string, [number, ErrorCode, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large', 'The request body is too large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type', 'Send the body as application/json'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'bad_request', 'The Content-Length does not match the body'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'bad_request', 'The JSON body is empty'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'bad_request', 'The body is not valid JSON'],
  FST_ERR_BAD_URL: [400, 'bad_request', 'The URL is malformed'],
  FST_ERR_MAX_PARAM_LENGTH: [414, 'bad_request', 'A part of the URL is too long'],
  FST_ERR_HANDLER_TIMEOUT: [503, 'timeout', 'The server took too long to answer; retry later'],
};

function toErrorReply(error: FastifyError | HttpError | Error): { status: number; body: ErrorBody } {
  if (error instanceof HttpError) return { status: error.status, body: errorBody(error.code, error.message) };
  if (error instanceof DatabaseUnavailableError) return { status: 503, body: errorBody('unavailable', 'The database is unreachable; retry later') };
  const code = 'code' in error ? error.code : undefined;
  const known = code === undefined ? undefined : FRAMEWORK_ERRORS[code];
  if (known) return { status: known[0], body: errorBody(known[1], known[2]) };
  const status = 'statusCode' in error ? Number(error.statusCode) : 500;
  // JSON.parse's SyntaxError, proto poisoning and other 4xx of the body parser.
  if (status >= 400 && status < 500) return { status, body: errorBody('bad_request', 'The request could not be read') };
  return { status: 500, body: errorBody('internal', 'Internal server error') };
}

export function handleError(error: FastifyError | HttpError | Error, request: FastifyRequest, reply: FastifyReply): void {
  const { status, body } = toErrorReply(error);
  // Only the server's own failures are logged with the error, and without its enumerable details
  // (a driver error may quote values).
  if (status >= 500) request.log.error({ err: { type: error.name, message: error.message, stack: error.stack } }, 'request failed');
  if (status === 401) reply.header('www-authenticate', 'Bearer');
  // A body refused before it was read whole (too large, nested too deep) is still arriving: the
  // connection cannot carry another request, so it closes once answered instead of stalling.
  if (!request.raw.complete) reply.header('connection', 'close');
  // @fastify/rate-limit sets its own, exact Retry-After.
  if ((status === 503 || status === 429) && !reply.hasHeader('retry-after')) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  void reply.code(status).send(body);
}

/** Refusals by Node's HTTP parser, before fastify sees a request (fastify's clientErrorHandler). */
function clientErrorReply(code: string | undefined): [number, ErrorCode, string] {
  if (code === 'HPE_HEADER_OVERFLOW') return [431, 'bad_request', 'The request headers are too large'];
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return [408, 'timeout', 'The request was not received in time'];
  if (code === 'HPE_INVALID_EOF_STATE') return [400, 'bad_request', 'The connection ended before the request was complete'];
  return [400, 'bad_request', 'The request is malformed'];
}

export function handleClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, code, message] = clientErrorReply(error.code);
  const body = JSON.stringify(errorBody(code, message));
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}
