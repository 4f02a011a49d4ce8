/**
 * Every refusal is an HttpError with a stable code from the protocol; the error handler turns it,
 * and fastify's own errors, into the protocol's ErrorBody. Messages never quote request values.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { ErrorBody, ErrorCode } from '../shared/sync/protocol';

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
  void reply.code(status).send(body);
}
