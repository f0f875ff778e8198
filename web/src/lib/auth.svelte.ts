import { ApiProblem, fetchMe, login, logout } from './api.ts';
import type { SignedInUser } from './types.ts';

export type SignInError =
  { kind: 'credentials' } | { kind: 'rate-limited'; seconds: number | null } | { kind: 'other' };

/** Who is signed in (null: the public), asked of `/api/auth/me` on start. */
export class AuthStore {
  user = $state.raw<SignedInUser | null>(null);
  /** Whether `/api/auth/me` has answered. */
  known = $state(false);

  constructor(private readonly fetchImpl: typeof fetch = fetch) {}

  /** Coordinators and admins draw and edit areas of focus. */
  get canEdit(): boolean {
    return this.user?.role === 'coordinator' || this.user?.role === 'admin';
  }

  /**
   * Staff (every signed-in role but a partner's) see the areas of focus, priorities and hotspots.
   * A partner's user is the public for all of it, as the API treats it (issue 10).
   */
  get canRead(): boolean {
    return this.user !== null && this.user.role !== 'partner';
  }

  /** A partner organisation's user: sees and moves its own signals only. */
  get isPartner(): boolean {
    return this.user?.role === 'partner';
  }

  /** Who sees signals on the map and in the panel: coordinators, admins and partners (planners do not). */
  get canSignals(): boolean {
    return this.canEdit || this.isPartner;
  }

  async check(): Promise<void> {
    try {
      this.user = await fetchMe(this.fetchImpl);
    } catch (error) {
      console.warn('Could not ask who is signed in', error);
      this.user = null;
    } finally {
      this.known = true;
    }
  }

  /** Signs in; the error says why not (wrong credentials, too many attempts with the wait). */
  async signIn(username: string, password: string): Promise<SignInError | null> {
    try {
      this.user = await login(username, password, this.fetchImpl);
      return null;
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 401) return { kind: 'credentials' };
      if (error instanceof ApiProblem && error.status === 429)
        return { kind: 'rate-limited', seconds: error.retryAfter };
      console.warn('Sign-in failed', error);
      return { kind: 'other' };
    }
  }

  async signOut(): Promise<void> {
    try {
      await logout(this.fetchImpl);
    } finally {
      this.user = null;
    }
  }
}
