/** Text in the UI's two languages. */
export interface Localized {
  nl: string;
  en: string;
}

export type PropertyType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime';

/** One value of an enumerated property, with its legend label and colour. */
export interface PropertyValue {
  value: string;
  title: Localized;
  color: string;
}

export interface LayerProperty {
  /** Name in the API's GeoJSON properties. */
  name: string;
  /** Column in the layer's table (SQL identifier: registry only, never request data). */
  column: string;
  type: PropertyType;
  title: Localized;
  /** Enumerated values (categories, statuses, kinds); such properties can be filtered on. */
  values?: PropertyValue[];
}

/** How the rows of a file become features of a layer (api/src/imports, decision record 18). */
export interface LayerImport {
  /** The column an import upserts on: the feature's id in its source system, unique in the table. */
  keyColumn: string;
  /** The key's name and title when it is not one of the layer's properties (`source_id`). */
  key?: { name: string; title: Localized };
  /** Fields (property names, or the key's name) that a new feature must have. */
  required: string[];
  /** Values a new feature takes for a field the mapping leaves out. */
  defaults?: Record<string, string>;
  /** Properties every imported row gets, whatever the file says: imported data is real, not synthetic. */
  fixed?: Record<string, string>;
  /**
   * Fields that name a row of another table (a sector's ward): an import rejects a row naming
   * one that does not exist, instead of the foreign key failing the whole import.
   */
  references?: Record<string, { table: string; column: string; title: string }>;
  /**
   * Column headers recognised as a field, besides its name and titles. Compared without case,
   * accents, spaces or punctuation ("Datum feit" matches "datumfeit").
   */
  headers?: Record<string, string[]>;
}

/** Who may see a layer's individual features: the public, or signed-in staff only. */
export type LayerAccess = 'public' | 'staff';

export interface LayerDefinition {
  id: string;
  title: Localized;
  description: Localized;
  table: string;
  idColumn: string;
  geometryColumn: string;
  geometryType: 'Point' | 'MultiPolygon';
  properties: LayerProperty[];
  /**
   * The property that `?category=` filters on and that colours the legend.
   * Omitted for layers without categories.
   */
  categoryProperty?: string;
  /**
   * The columns that place a feature in time. A feature matches a `datetime` filter when its
   * [start, end] interval intersects the requested one (an open end means "still ongoing").
   */
  temporal?: { start: string; end?: string };
  access: LayerAccess;
  /** Generated, not real data: the UI says so. */
  synthetic: boolean;
  attribution: string;
  style: { color: string; outline?: string };
  /** Drawing order on the map: lower is drawn first (further down). */
  order: number;
  /** How files are imported into the layer; a layer without it takes no imports. */
  import?: LayerImport;
}
