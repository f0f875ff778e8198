import { fetchSignals } from './api.ts';
import { LatestRequest } from './latest-request.ts';
import { NO_SIGNAL_FILTERS, type SignalFilters, type SignalLinks, signalsQuery } from './signals.ts';
import type { Signal, SignalCollection } from './types.ts';

/** A click that placed the new signal's pin: where, and what lay under it. */
export interface PinClick {
  point: [number, number];
  links: SignalLinks;
}

/**
 * The signals the signed-in user may see (coordinators and admins: all; a partner's user: its
 * own organisation's, as the API decides), the list's filters, the one open in the side panel,
 * and a new signal being placed on the map.
 */
export class SignalStore {
  collection = $state.raw<SignalCollection | null>(null);
  failed = $state(false);
  filters = $state<SignalFilters>({ ...NO_SIGNAL_FILTERS });
  /** The signal whose panel is open. */
  selectedId = $state<number | null>(null);
  /** A new signal is being placed: clicks on the map pin it (null: not placing). */
  placing = $state(false);
  /** The last click that placed the pin (the form takes the point and the links from it). */
  pin = $state.raw<PinClick | null>(null);
  /** Bumped after every write, so an open panel reloads. */
  revision = $state(0);
  #request = new LatestRequest();

  constructor(private readonly fetchImpl: typeof fetch = fetch) {}

  get features(): Signal[] {
    return this.collection?.features ?? [];
  }

  refresh(): void {
    const query = signalsQuery(this.filters);
    this.#request.run(
      (signal) => fetchSignals(query, signal, this.fetchImpl),
      (collection) => {
        this.collection = collection;
        this.failed = false;
      },
      (error) => {
        console.warn('Signals could not be loaded', error);
        this.failed = true;
      },
    );
  }

  /** Starts placing a new signal (closes an open one). */
  startPlacing(): void {
    this.selectedId = null;
    this.pin = null;
    this.placing = true;
  }

  stopPlacing(): void {
    this.placing = false;
    this.pin = null;
  }

  /** Forgets everything (signed out, or not allowed). */
  reset(): void {
    this.#request.cancel();
    this.collection = null;
    this.failed = false;
    this.selectedId = null;
    this.stopPlacing();
  }
}
