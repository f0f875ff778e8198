import type { FastifyInstance } from 'fastify';
import { SESSION_COOKIE } from '../../api/src/auth/sessions.ts';
import { createUser, login } from './auth.ts';

/**
 * Signs in a planner made for one test file (the username must be unique per file: the database
 * is shared by the run) and returns its Cookie header value. For tests of what staff see:
 * anonymous callers get the public view (decision record 16).
 */
export async function signInPlanner(app: FastifyInstance, username: string): Promise<string> {
  const password = `${username}-password`;
  await createUser(app.db.pool, { username, role: 'planner', password });
  return login(app, username, password);
}

/** An account of a running server (tests/support/server-process.ts). */
interface Account {
  username: string;
  password: string;
}

/**
 * Signs in to a running server through POST /api/auth/login, as the map's own page would (same
 * Origin), and returns the session cookie for a browser context's `addCookies`: a page opened
 * with it is signed in from its first request, so it sees the staff layers as they are.
 */
export async function staffSessionCookie(serverUrl: string, account: Account) {
  const origin = new URL(serverUrl).origin;
  const response = await fetch(new URL('/api/auth/login', serverUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ username: account.username, password: account.password }),
  });
  if (!response.ok) throw new Error(`login ${account.username}: HTTP ${response.status} ${await response.text()}`);
  const match = new RegExp(`(?:^|,\\s*)${SESSION_COOKIE}=([^;]+)`).exec(response.headers.get('set-cookie') ?? '');
  if (!match) throw new Error(`login ${account.username}: no session cookie`);
  return { name: SESSION_COOKIE, value: match[1]!, url: origin, httpOnly: true, sameSite: 'Strict' as const };
}
