import { findLayer } from '../layers/registry.ts';
import type { LayerDefinition, LayerImport, Localized, PropertyType, PropertyValue } from '../layers/types.ts';
import { HttpProblem } from '../plugins/errors.ts';

/*
 * What a file can fill in a layer, derived from the registry (the one place layers are
 * declared): the key the import upserts on, and every property except the fixed ones.
 */

export interface ImportField {
  /** The name a mapping uses: a property name, or the key's own name (`sourceId`). */
  name: string;
  /** Column in the layer's table (from the registry, never from a request). */
  column: string;
  type: PropertyType;
  title: Localized;
  /** A new feature must have it (the key always). */
  required: boolean;
  /** The field the import upserts on. */
  key: boolean;
  values?: PropertyValue[];
  /** What a new feature takes when the mapping leaves the field out (registry text). */
  default?: string;
}

export interface FixedValue {
  name: string;
  column: string;
  type: PropertyType;
  value: string;
}

export interface ImportTarget {
  layer: LayerDefinition;
  spec: LayerImport;
  /** The key first, then the properties in registry order. */
  fields: ImportField[];
  key: ImportField;
  fixed: FixedValue[];
}

/** The layer as an import target, or null when the registry gives it no `import` section. */
export function importTarget(layer: LayerDefinition): ImportTarget | null {
  const spec = layer.import;
  if (!spec) return null;
  const fixedNames = new Set(Object.keys(spec.fixed ?? {}));
  const required = new Set(spec.required);
  const field = (name: string, column: string, type: PropertyType, title: Localized, values?: PropertyValue[]) => {
    const result: ImportField = {
      name,
      column,
      type,
      title,
      required: required.has(name) || column === spec.keyColumn,
      key: column === spec.keyColumn,
    };
    if (values) result.values = values;
    const fallback = spec.defaults?.[name];
    if (fallback !== undefined) result.default = fallback;
    return result;
  };
  const fields: ImportField[] = [];
  if (spec.key) fields.push(field(spec.key.name, spec.keyColumn, 'string', spec.key.title));
  for (const property of layer.properties) {
    if (fixedNames.has(property.name)) continue;
    fields.push(field(property.name, property.column, property.type, property.title, property.values));
  }
  const key = fields.find((f) => f.key);
  if (!key)
    throw new Error(`layer ${layer.id}: import.keyColumn ${spec.keyColumn} is neither import.key nor a property`);
  const fixed: FixedValue[] = [];
  for (const [name, value] of Object.entries(spec.fixed ?? {})) {
    const property = layer.properties.find((p) => p.name === name);
    if (!property) throw new Error(`layer ${layer.id}: import.fixed names "${name}", which is not a property`);
    fixed.push({ name, column: property.column, type: property.type, value });
  }
  return { layer, spec, fields, key, fixed };
}

/** The import target of a layer id from a request: 404 naming `parameter` when there is none. */
export function importTargetOr404(id: string, parameter = 'layer'): ImportTarget {
  const layer = findLayer(id);
  const target = layer ? importTarget(layer) : null;
  if (!target) {
    throw new HttpProblem(404, 'Not Found', layer ? `layer "${id}" takes no imports` : `no layer "${id}"`, parameter);
  }
  return target;
}
