import { fetchFocusAreas } from './api.ts';
import type { AreaGeometry, FocusAreaCollection, FocusAreaFeature } from './types.ts';

/** What is drawn on the map besides the areas: a version compared, an error's location, a proposed repair. */
export interface AreaMarks {
  added: AreaGeometry | null;
  removed: AreaGeometry | null;
  /** A version looked at from the history. */
  version: AreaGeometry | null;
  /** Where a geometry error is. */
  location: [number, number] | null;
  /** A repaired shape awaiting the user's confirmation. */
  repair: AreaGeometry | null;
}

export const NO_MARKS: AreaMarks = { added: null, removed: null, version: null, location: null, repair: null };

/** The areas of focus, the one open in the side panel, and whether it is being edited. */
export class FocusAreaStore {
  collection = $state.raw<FocusAreaCollection | null>(null);
  failed = $state(false);
  /** Coordinators can list deleted areas too (to restore them). */
  showDeleted = $state(false);
  /** The area whose panel is open. */
  selectedId = $state<number | null>(null);
  /** Editing: `{ id: null }` draws a new area. */
  editing = $state<{ id: number | null } | null>(null);
  marks = $state.raw<AreaMarks>(NO_MARKS);
  /** Bumped after every save, so open panels reload. */
  revision = $state(0);

  constructor(private readonly fetchImpl: typeof fetch = fetch) {}

  get features(): FocusAreaFeature[] {
    return this.collection?.features ?? [];
  }

  get selected(): FocusAreaFeature | null {
    return this.features.find((f) => f.id === this.selectedId) ?? null;
  }

  async refresh(): Promise<void> {
    try {
      this.collection = await fetchFocusAreas(this.showDeleted, this.fetchImpl);
      this.failed = false;
    } catch (error) {
      console.warn('Areas of focus could not be loaded', error);
      this.failed = true;
    }
  }

  mark(marks: Partial<AreaMarks>): void {
    this.marks = { ...this.marks, ...marks };
  }

  clearMarks(): void {
    this.marks = NO_MARKS;
  }

  /** Forgets everything (signed out). */
  reset(): void {
    this.collection = null;
    this.selectedId = null;
    this.editing = null;
    this.marks = NO_MARKS;
  }
}
