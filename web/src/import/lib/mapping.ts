import type { FieldSource, GeometrySource, ImportField, ImportMapping, SourceDescription } from './types.ts';

/*
 * The mapping as the page edits it. An `ImportMapping` has no room for a half-made choice (a
 * fixed value not typed yet, the x column chosen but not the y), and switching a field from
 * "fixed value" to a column and back should not lose what was typed: so the form edits a draft,
 * and the draft becomes an `ImportMapping` only when it is sent.
 */

export type FieldMode = 'column' | 'value' | 'skip';

export interface FieldChoice {
  mode: FieldMode;
  column: string;
  value: string;
}

export type GeometryMode = 'file' | 'xy' | 'wkt' | 'none';

export interface GeometryChoice {
  mode: GeometryMode;
  x: string;
  y: string;
  /** The WKT column. */
  column: string;
}

export interface MappingDraft {
  /** One choice per layer field, in the order of the fields. */
  fields: Record<string, FieldChoice>;
  geometry: GeometryChoice;
  /** Declared EPSG code; null: the file's own, else detected from the coordinates. */
  crs: number | null;
  /** Per enumerated field: value as written in the file -> the layer's code. */
  values: Record<string, Record<string, string>>;
}

/** The coordinate systems a file may be declared in (Belgium's, and GPS). */
export const CRS_CHOICES = [4326, 31370, 3812] as const;

const EMPTY_CHOICE: FieldChoice = { mode: 'skip', column: '', value: '' };

function choiceOf(source: FieldSource | undefined): FieldChoice {
  if (!source) return { ...EMPTY_CHOICE };
  if ('column' in source) return { mode: 'column', column: source.column, value: '' };
  return { mode: 'value', column: '', value: source.value };
}

function geometryChoiceOf(source: GeometrySource | null): GeometryChoice {
  const empty = { x: '', y: '', column: '' };
  if (!source) return { mode: 'none', ...empty };
  if (source.kind === 'file') return { mode: 'file', ...empty };
  if (source.kind === 'xy') return { mode: 'xy', ...empty, x: source.x, y: source.y };
  return { mode: 'wkt', ...empty, column: source.column };
}

/**
 * The draft of a mapping (the saved or suggested one from the upload). Every field of the
 * layer gets a choice; entries for fields the layer does not have are kept out of the form but
 * not silently dropped: `unknownFields` names them so the page can say so.
 */
export function draftOf(mapping: ImportMapping, fields: readonly ImportField[]): MappingDraft {
  return {
    fields: Object.fromEntries(fields.map((field) => [field.name, choiceOf(mapping.fields[field.name])])),
    geometry: geometryChoiceOf(mapping.geometry),
    crs: mapping.crs,
    values: Object.fromEntries(Object.entries(mapping.values ?? {}).map(([field, map]) => [field, { ...map }])),
  };
}

/** Mapping entries naming a field the layer does not have (a saved mapping from an older registry). */
export function unknownFields(mapping: ImportMapping, fields: readonly ImportField[]): string[] {
  const names = new Set(fields.map((field) => field.name));
  return Object.keys(mapping.fields).filter((name) => !names.has(name));
}

function geometrySource(choice: GeometryChoice): GeometrySource | null {
  switch (choice.mode) {
    case 'file':
      return { kind: 'file' };
    case 'xy':
      return { kind: 'xy', x: choice.x, y: choice.y };
    case 'wkt':
      return { kind: 'wkt', column: choice.column };
    case 'none':
      return null;
  }
}

/** The mapping the API receives: skipped fields left out, value translations that say something kept. */
export function mappingOf(draft: MappingDraft): ImportMapping {
  const fields: Record<string, FieldSource> = {};
  for (const [name, choice] of Object.entries(draft.fields)) {
    if (choice.mode === 'column') fields[name] = { column: choice.column };
    else if (choice.mode === 'value') fields[name] = { value: choice.value };
  }
  const values: Record<string, Record<string, string>> = {};
  for (const [field, map] of Object.entries(draft.values)) {
    const kept = Object.entries(map).filter(([, code]) => code !== '');
    if (kept.length > 0) values[field] = Object.fromEntries(kept);
  }
  return { fields, geometry: geometrySource(draft.geometry), crs: draft.crs, values };
}

/** JSON with object keys sorted: two mappings that say the same give the same key. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * What a run was made with. The import itself is offered only after a dry run with the same
 * key: a mapping changed after the dry run could reject rows the report did not show.
 */
export function runKey(mapping: ImportMapping, source: string | null): string {
  return stableJson({ mapping, source: source ?? null });
}

/** Where a geometry can come from for this file and layer, in the order the form offers them. */
export function geometryModes(file: Pick<SourceDescription, 'geometryType'>, layerGeometry: string): GeometryMode[] {
  const modes: GeometryMode[] = [];
  if (file.geometryType !== null) modes.push('file');
  // Two coordinate columns make a point, never a sector's outline.
  if (layerGeometry === 'Point') modes.push('xy');
  modes.push('wkt', 'none');
  return modes;
}

/** A place in the form a problem can be shown next to. */
export type DraftTarget = `field:${string}` | 'geometry' | 'crs';

export function isDraftTarget(target: string | null | undefined): target is DraftTarget {
  return target === 'geometry' || target === 'crs' || (target?.startsWith('field:') ?? false);
}

/** What is still missing in the draft before it can be sent: a key of the page's messages (messages.ts) per place. */
export function draftProblems(
  draft: MappingDraft,
  columns: readonly string[],
  fields: readonly Pick<ImportField, 'name' | 'key'>[] = [],
): Partial<Record<DraftTarget, 'chooseColumn' | 'enterValue' | 'missingColumn'>> {
  const problems: Partial<Record<DraftTarget, 'chooseColumn' | 'enterValue' | 'missingColumn'>> = {};
  const column = (name: string) => (name === '' ? 'chooseColumn' : columns.includes(name) ? null : 'missingColumn');
  const keys = new Set(fields.filter((field) => field.key).map((field) => field.name));
  for (const [name, choice] of Object.entries(draft.fields)) {
    const target: DraftTarget = `field:${name}`;
    if (keys.has(name) && choice.mode !== 'column') {
      // The key matches rows with features: it must come from a column, row by row.
      problems[target] = 'chooseColumn';
    } else if (choice.mode === 'column') {
      const problem = column(choice.column);
      if (problem) problems[target] = problem;
    } else if (choice.mode === 'value' && choice.value.trim() === '') {
      problems[target] = 'enterValue';
    }
  }
  const { geometry } = draft;
  const geometryColumns =
    geometry.mode === 'xy' ? [geometry.x, geometry.y] : geometry.mode === 'wkt' ? [geometry.column] : [];
  const geometryProblem = geometryColumns.map(column).find((problem) => problem !== null);
  if (geometryProblem) problems.geometry = geometryProblem;
  return problems;
}

/** The draft with value translations added (an empty code removes one). */
export function withTranslations(
  draft: MappingDraft,
  field: string,
  translations: Record<string, string>,
): MappingDraft {
  const merged = { ...draft.values[field], ...translations };
  const kept = Object.fromEntries(Object.entries(merged).filter(([, code]) => code !== ''));
  const values = { ...draft.values };
  if (Object.keys(kept).length > 0) values[field] = kept;
  else delete values[field];
  return { ...draft, values };
}

/** Where an API problem's `parameter` points in the form ("mapping.fields.category", "/mapping/crs", …). */
export function problemTarget(
  parameter: string | undefined,
): DraftTarget | 'values' | 'file' | 'layer' | 'source' | 'upload' | null {
  if (!parameter) return null;
  const parts = parameter
    .split(/[./[\]]+/)
    .map((part) => part.replace(/^["']|["']$/g, ''))
    .filter((part) => part !== '');
  const [head, section, name] = parts;
  if (head === 'mapping') {
    if (section === 'fields' && name) return `field:${name}`;
    if (section === 'geometry') return 'geometry';
    if (section === 'crs') return 'crs';
    if (section === 'values' && name) return `field:${name}`;
    if (section === 'values') return 'values';
    return null;
  }
  if (head === 'file' || head === 'layer' || head === 'source') return head;
  if (head === 'uploadId') return 'upload';
  if (head === 'crs') return 'crs';
  return null;
}
