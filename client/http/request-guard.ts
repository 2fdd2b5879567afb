import type { FastifyReply, FastifyRequest } from 'fastify';

/** An async onRequest hook (rate limit, auth): throws to refuse, resolves to let the request on. */
export type RequestGuard = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
