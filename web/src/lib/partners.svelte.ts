import { fetchPartners } from './api.ts';
import type { Partner } from './types.ts';

/** The partner organisations (`GET /api/partners`), for the selects of signals and actions. */
export class PartnerStore {
  partners = $state.raw<Partner[]>([]);
  failed = $state(false);

  constructor(private readonly fetchImpl: typeof fetch = fetch) {}

  async refresh(): Promise<void> {
    try {
      this.partners = await fetchPartners(this.fetchImpl);
      this.failed = false;
    } catch (error) {
      console.warn('Partners could not be loaded', error);
      this.failed = true;
    }
  }

  /** A partner's name, or null for none or one not (yet) listed. */
  nameOf(id: number | null | undefined): string | null {
    if (id === null || id === undefined) return null;
    return this.partners.find((p) => p.id === id)?.name ?? null;
  }

  reset(): void {
    this.partners = [];
    this.failed = false;
  }
}
