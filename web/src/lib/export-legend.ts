import type { ChoroplethStore } from './choropleth.svelte.ts';
import { legendLabels } from './classify.ts';
import type { DensityStore } from './density.svelte.ts';
import { formatCount, formatFigure } from './format.ts';
import { localized, translate } from './i18n.ts';
import type { LayerStore } from './layers.svelte.ts';
import type { ExportLegendSection } from './png-export.ts';
import { NO_DATA_COLOR, UNSTABLE_COLOR } from './style.ts';
import type { Lang } from './types.ts';

/**
 * The legend of what the map shows right now, for the PNG export: the choropleth (in place of
 * the sectors' own entry), the density, and each visible layer with only its selected values.
 */
export function exportLegend(
  store: LayerStore,
  choropleth: ChoroplethStore,
  density: DensityStore,
  lang: Lang,
): ExportLegendSection[] {
  const sections: ExportLegendSection[] = [];
  const classes = choropleth.classification;
  const indicator = choropleth.indicator;
  // The priorities view colours the sectors in the indicator's place, with its own legend.
  const replacing = choropleth.replacement?.legend ?? null;
  if (replacing && store.get('neighbourhoods')?.visible) {
    const items = replacing.items.map((item) => ({ ...item, shape: 'square' as const }));
    sections.push({ title: replacing.title, items, ...(replacing.note ? { note: replacing.note } : {}) });
  } else if (indicator && classes && store.get('neighbourhoods')?.visible) {
    const labels = legendLabels(classes.breaks, classes.min, classes.max, (n) => formatFigure(n, lang));
    const items = labels.map((label, index) => ({ label, color: classes.colors[index]!, shape: 'square' as const }));
    if (choropleth.figures?.rows.some((row) => row.unstable)) {
      const n = formatCount(indicator.minimumDenominator ?? 0, lang);
      items.push({ label: translate(lang, 'unstable', { n }), color: UNSTABLE_COLOR, shape: 'square' });
    }
    items.push({ label: translate(lang, 'noData'), color: NO_DATA_COLOR, shape: 'square' });
    sections.push({
      title: `${localized(indicator.title, lang)} (${localized(indicator.unit, lang)})`,
      items,
      note: choropleth.fixedClasses
        ? translate(lang, 'classesChange')
        : translate(lang, choropleth.method === 'quantile' ? 'classesQuantile' : 'classesJenks', { n: labels.length }),
    });
  }
  const densityClasses = density.classification;
  if (density.layerId && densityClasses) {
    const layer = store.get(density.layerId)?.layer;
    const labels = legendLabels(densityClasses.breaks, densityClasses.min, densityClasses.max, (n) =>
      formatCount(n, lang),
    );
    sections.push({
      title: `${translate(lang, 'densityHeading')}${layer ? `: ${localized(layer.title, lang)}` : ''}`,
      items: labels.map((label, index) => ({ label, color: densityClasses.colors[index]!, shape: 'square' })),
      note: translate(lang, 'densityNote', { n: density.size }),
    });
  }
  for (const entry of [...store.entries].reverse()) {
    // Top of the map first, as the panel lists them.
    const { layer } = entry;
    if (!entry.visible || entry.selectsNothing || entry.status === 'forbidden') continue;
    if (layer.id === 'neighbourhoods' && (replacing || (indicator && classes))) continue;
    const shape = layer.geometryType === 'Point' ? 'circle' : 'square';
    const items = layer.legend
      .filter((e) => !layer.categoryProperty || e.value === null || entry.isSelected(layer.categoryProperty, e.value))
      .map((e) => ({ label: localized(e.title, lang), color: e.color, shape }) as const);
    const filtered = [...entry.params(null).keys()].some((name) => name !== layer.categoryProperty);
    sections.push({
      title: localized(layer.title, lang),
      items,
      ...(filtered ? { note: translate(lang, 'filtered') } : {}),
    });
  }
  return sections;
}

const NICE_STEPS = [1, 2, 5];

/** A scale bar at most `maxPixels` long at the map's centre latitude: a round distance and its length. */
export function scaleBar(latitude: number, zoom: number, maxPixels = 100): { label: string; pixels: number } {
  // Web Mercator with 512 px tiles, as MapLibre draws it.
  const metresPerPixel = (40_075_016.686 * Math.cos((latitude * Math.PI) / 180)) / (512 * 2 ** zoom);
  const maxMetres = maxPixels * metresPerPixel;
  const magnitude = 10 ** Math.floor(Math.log10(maxMetres));
  const step = [...NICE_STEPS].reverse().find((s) => s * magnitude <= maxMetres) ?? 1;
  const metres = step * magnitude;
  return {
    label: metres >= 1000 ? `${metres / 1000} km` : `${metres} m`,
    pixels: Math.round(metres / metresPerPixel),
  };
}
