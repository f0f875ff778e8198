import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { recordAudit } from '../audit/audit.ts';
import { LoginLimiter } from '../auth/login-limiter.ts';
import { verifyAgainstDummy, verifyPassword } from '../auth/passwords.ts';
import { createSession, deleteSession, SESSION_COOKIE } from '../auth/sessions.ts';
import { findLoginCandidate, findPartnerOf } from '../auth/users.ts';
import { HttpProblem } from '../plugins/errors.ts';
import { Nullable, ProblemSchema } from '../schemas.ts';

const PublicUserSchema = Type.Object({
  username: Type.String(),
  role: Type.Union([
    Type.Literal('admin'),
    Type.Literal('coordinator'),
    Type.Literal('planner'),
    Type.Literal('partner'),
  ]),
});

/** GET /api/auth/me: the user, and the partner organisation of a partner user (null for staff). */
const MeUserSchema = Type.Object({
  ...PublicUserSchema.properties,
  partner: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
});

const LoginBodySchema = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 256 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);

export const WRONG_CREDENTIALS = 'wrong username or password';

/** POST /api/auth/login, POST /api/auth/logout, GET /api/auth/me. Needs the auth plugin. */
const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const limiter = new LoginLimiter();
  const lifetimes = { idleMs: app.config.sessionIdleMs, maxMs: app.config.sessionMaxMs };

  const cookieOptions = (request: FastifyRequest) => ({
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: app.config.cookieSecure === 'auto' ? request.protocol === 'https' : app.config.cookieSecure,
  });
  const clearSessionCookie = (request: FastifyRequest, reply: FastifyReply) =>
    reply.clearCookie(SESSION_COOKIE, cookieOptions(request));

  app.post(
    '/api/auth/login',
    {
      schema: {
        body: LoginBodySchema,
        response: {
          200: Type.Object({ user: PublicUserSchema }),
          400: ProblemSchema,
          401: ProblemSchema,
          403: ProblemSchema,
          429: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const username = request.body.username.trim().toLowerCase();
      const { password } = request.body;
      reply.header('cache-control', 'no-store');
      const failed = (reason: string, entityId: string | null) =>
        recordAudit(app.db.pool, {
          userId: null,
          action: 'auth.login-failed',
          entity: 'user',
          entityId,
          details: { username: username.slice(0, 64), ip: request.ip, reason },
        });

      const key = LoginLimiter.key(username, request.ip);
      const verdict = limiter.attempt(key);
      if (!verdict.allowed) {
        await failed('rate-limited', null);
        reply.header('retry-after', String(verdict.retryAfterSeconds));
        throw new HttpProblem(
          429,
          'Too Many Requests',
          `Too many failed sign-ins for this username; try again in ${verdict.retryAfterSeconds} s.`,
        );
      }

      const candidate = await findLoginCandidate(app.db.pool, username);
      // An unknown or disabled account costs as much time as a real check and gets the same answer.
      const valid =
        candidate && !candidate.disabled
          ? await verifyPassword(password, candidate.passwordHash)
          : await verifyAgainstDummy(password);
      if (!candidate || !valid) {
        await failed(
          candidate ? (candidate.disabled ? 'disabled' : 'wrong-password') : 'unknown-user',
          candidate ? String(candidate.id) : null,
        );
        throw new HttpProblem(401, 'Unauthorized', WRONG_CREDENTIALS);
      }

      limiter.succeeded(key);
      // A session the browser held before signing in is ended, not carried over.
      const previous = request.cookies[SESSION_COOKIE];
      if (previous) await deleteSession(app.db.pool, previous);
      const token = await createSession(app.db.pool, candidate.id, lifetimes);
      await recordAudit(app.db.pool, {
        userId: candidate.id,
        action: 'auth.login',
        entity: 'user',
        entityId: String(candidate.id),
        details: { ip: request.ip },
      });
      reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions(request), maxAge: lifetimes.maxMs / 1000 });
      return { user: { username: candidate.username, role: candidate.role } };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      schema: {
        response: { 204: Type.Null({ description: 'signed out; the cookie is cleared' }), 403: ProblemSchema },
      },
    },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await deleteSession(app.db.pool, token);
      if (request.user) {
        await recordAudit(app.db.pool, {
          userId: request.user.id,
          action: 'auth.logout',
          entity: 'user',
          entityId: String(request.user.id),
          details: { ip: request.ip },
        });
      }
      clearSessionCookie(request, reply);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/auth/me',
    { schema: { response: { 200: Type.Object({ user: Nullable(MeUserSchema) }) } } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const { user } = request;
      // A cookie whose session has ended is dropped, so the browser stops sending it.
      if (!user && request.cookies[SESSION_COOKIE] !== undefined) clearSessionCookie(request, reply);
      if (!user) return { user: null };
      const partner = user.partnerId === null ? null : await findPartnerOf(app.db.pool, user.partnerId);
      return { user: { username: user.username, role: user.role, partner } };
    },
  );
};

export default authRoutes;
