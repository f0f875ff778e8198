/*
 * The map as a PNG: the map image at 1:1 on the left with a scale bar at its bottom-left and the
 * attribution in a strip under it, and a legend column on the right headed by the title and the
 * date. `exportLayout` places everything (pure: text is measured through a callback, so it runs
 * in unit tests); `renderExport` draws the layout in the browser.
 *
 * All layout numbers are CSS pixels; `renderExport` scales by the device pixel ratio, so the
 * map canvas (which MapLibre sizes in device pixels) is copied pixel for pixel.
 */

export type SwatchShape = 'circle' | 'square' | 'line';

export interface ExportLegendSection {
  title: string;
  items: { label: string; color: string; shape: SwatchShape }[];
  note?: string;
}

export interface ExportOptions {
  title: string;
  /** Already formatted, e.g. "1 maart 2024" or a period. */
  date: string;
  attribution: string;
  /** The scale bar: its label ("500 m") and its length in CSS pixels. */
  scale: { label: string; pixels: number };
}

/** The width of a text in a CSS font (`ctx.font` syntax), in CSS pixels. */
export type Measure = (text: string, font: string) => number;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Lines of text, the first line's top at `y`, each `lineHeight` high. */
export interface TextBlock extends Box {
  lines: string[];
  font: string;
  lineHeight: number;
  color: string;
}

export interface Swatch extends Box {
  color: string;
  shape: SwatchShape;
}

export interface LegendSectionLayout {
  title: TextBlock;
  items: { swatch: Swatch; label: TextBlock }[];
  note: TextBlock | null;
}

export interface Layout {
  /** The whole image, in CSS pixels. */
  width: number;
  height: number;
  map: Box;
  /** The column on the right, as high as the image. */
  legendColumn: Box;
  title: TextBlock;
  date: TextBlock;
  sections: LegendSectionLayout[];
  /** A white backing box holding the label and, under it, the bar (exactly `scale.pixels` wide). */
  scaleBar: { box: Box; bar: Box; label: TextBlock };
  /** The strip under the map; its text block is `attribution`. */
  attributionStrip: Box;
  attribution: TextBlock;
}

const FONT_FAMILY = 'system-ui, sans-serif';
export const FONTS = {
  title: `bold 16px ${FONT_FAMILY}`,
  date: `13px ${FONT_FAMILY}`,
  section: `bold 13px ${FONT_FAMILY}`,
  label: `13px ${FONT_FAMILY}`,
  note: `11px ${FONT_FAMILY}`,
  attribution: `11px ${FONT_FAMILY}`,
  scale: `11px ${FONT_FAMILY}`,
} as const;
const LINE_HEIGHT = { title: 20, date: 18, section: 18, label: 17, note: 14, attribution: 14, scale: 14 } as const;

const TEXT_COLOR = '#222222';
const MUTED_COLOR = '#555555';

export const LEGEND_WIDTH = 260;
/** Inside the legend column, on every side. */
export const LEGEND_PADDING = 16;
export const SWATCH_SIZE = 14;
/** Between a swatch and its label. */
const SWATCH_GAP = 8;
/** A legend row: at least this high, more for a label on several lines. */
export const ROW_HEIGHT = 20;
const TITLE_GAP = 4;
const HEADER_GAP = 16;
const SECTION_TITLE_GAP = 4;
const NOTE_GAP = 4;
const SECTION_GAP = 14;
/** The attribution strip's padding: left and right, top and bottom. */
const STRIP_PADDING_X = 8;
const STRIP_PADDING_Y = 6;
/** The scale bar: distance from the map's corner, padding of its box, gap above and height of the bar. */
const SCALE_MARGIN = 10;
const SCALE_PADDING = 4;
const SCALE_GAP = 2;
const SCALE_BAR_HEIGHT = 6;

/**
 * Greedy word wrap to `maxWidth`: explicit newlines are kept, words are never split unless a
 * single word is wider than a line on its own (then it is cut where it must be). Every line
 * holds at least one character, so a very narrow width cannot loop.
 */
export function wrapText(text: string, font: string, maxWidth: number, measure: Measure): string[] {
  const lines: string[] = [];
  const fits = (candidate: string) => measure(candidate, font) <= maxWidth;
  for (const paragraph of text.split('\n')) {
    const words = paragraph.split(/\s+/).filter(Boolean);
    let line = '';
    for (const word of words) {
      const candidate = line ? `${line} ${word}` : word;
      if (fits(candidate)) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = word;
      // A word too wide on its own: cut it into the longest pieces that fit.
      while (!fits(line) && line.length > 1) {
        let cut = line.length - 1;
        while (cut > 1 && !fits(line.slice(0, cut))) cut -= 1;
        lines.push(line.slice(0, cut));
        line = line.slice(cut);
      }
    }
    if (line) lines.push(line);
  }
  return lines;
}

type TextStyle = keyof typeof LINE_HEIGHT;

function textBlock(
  text: string,
  style: TextStyle,
  x: number,
  y: number,
  width: number,
  measure: Measure,
  color = TEXT_COLOR,
): TextBlock {
  const font = FONTS[style];
  const lineHeight = LINE_HEIGHT[style];
  const lines = text.trim() ? wrapText(text, font, width, measure) : [];
  return { x, y, width, height: lines.length * lineHeight, lines, font, lineHeight, color };
}

/**
 * Where everything goes. The image is the map plus the legend column wide, and as high as the
 * map with its attribution strip, or as the legend when that is taller (the space under the
 * strip stays white). Swatches sit on whole CSS pixels.
 */
export function exportLayout(
  map: { width: number; height: number },
  legend: readonly ExportLegendSection[],
  options: ExportOptions,
  measure: Measure,
): Layout {
  const mapBox: Box = { x: 0, y: 0, width: map.width, height: map.height };
  const left = map.width + LEGEND_PADDING;
  const inner = LEGEND_WIDTH - 2 * LEGEND_PADDING;

  let y = LEGEND_PADDING;
  const title = textBlock(options.title, 'title', left, y, inner, measure);
  y += title.height + (title.height > 0 ? TITLE_GAP : 0);
  const date = textBlock(options.date, 'date', left, y, inner, measure, MUTED_COLOR);
  y += date.height + HEADER_GAP;

  const sections: LegendSectionLayout[] = [];
  legend.forEach((section, index) => {
    if (index > 0) y += SECTION_GAP;
    const sectionTitle = textBlock(section.title, 'section', left, y, inner, measure);
    y += sectionTitle.height + (sectionTitle.height > 0 ? SECTION_TITLE_GAP : 0);
    const items = section.items.map((item) => {
      const labelX = left + SWATCH_SIZE + SWATCH_GAP;
      const label = textBlock(item.label, 'label', labelX, y, inner - SWATCH_SIZE - SWATCH_GAP, measure);
      const rowHeight = Math.max(ROW_HEIGHT, label.height + (ROW_HEIGHT - LINE_HEIGHT.label));
      // The swatch is centred on the label's first line; the label's first line on the row's first 20 px.
      label.y = y + (ROW_HEIGHT - LINE_HEIGHT.label) / 2;
      const swatch: Swatch = {
        x: left,
        y: y + (ROW_HEIGHT - SWATCH_SIZE) / 2,
        width: SWATCH_SIZE,
        height: SWATCH_SIZE,
        color: item.color,
        shape: item.shape,
      };
      y += rowHeight;
      return { swatch, label };
    });
    let note: TextBlock | null = null;
    if (section.note?.trim()) {
      y += NOTE_GAP;
      note = textBlock(section.note, 'note', left, y, inner, measure, MUTED_COLOR);
      y += note.height;
    }
    sections.push({ title: sectionTitle, items, note });
  });
  const legendHeight = y + LEGEND_PADDING;

  const attribution = textBlock(
    options.attribution,
    'attribution',
    STRIP_PADDING_X,
    map.height + STRIP_PADDING_Y,
    Math.max(0, map.width - 2 * STRIP_PADDING_X),
    measure,
    MUTED_COLOR,
  );
  const attributionStrip: Box = {
    x: 0,
    y: map.height,
    width: map.width,
    height: attribution.lines.length > 0 ? attribution.height + 2 * STRIP_PADDING_Y : 0,
  };

  const scaleLabelWidth = measure(options.scale.label, FONTS.scale);
  const scaleBoxHeight = SCALE_PADDING + LINE_HEIGHT.scale + SCALE_GAP + SCALE_BAR_HEIGHT + SCALE_PADDING;
  const scaleBox: Box = {
    x: SCALE_MARGIN,
    y: map.height - SCALE_MARGIN - scaleBoxHeight,
    width: Math.ceil(Math.max(options.scale.pixels, scaleLabelWidth)) + 2 * SCALE_PADDING,
    height: scaleBoxHeight,
  };
  const scaleLabel: TextBlock = {
    x: scaleBox.x + SCALE_PADDING,
    y: scaleBox.y + SCALE_PADDING,
    width: Math.ceil(scaleLabelWidth),
    height: LINE_HEIGHT.scale,
    lines: [options.scale.label],
    font: FONTS.scale,
    lineHeight: LINE_HEIGHT.scale,
    color: TEXT_COLOR,
  };
  const bar: Box = {
    x: scaleBox.x + SCALE_PADDING,
    y: scaleLabel.y + LINE_HEIGHT.scale + SCALE_GAP,
    width: options.scale.pixels,
    height: SCALE_BAR_HEIGHT,
  };

  const width = map.width + LEGEND_WIDTH;
  const height = Math.ceil(Math.max(map.height + attributionStrip.height, legendHeight));
  return {
    width,
    height,
    map: mapBox,
    legendColumn: { x: map.width, y: 0, width: LEGEND_WIDTH, height },
    title,
    date,
    sections,
    scaleBar: { box: scaleBox, bar, label: scaleLabel },
    attributionStrip,
    attribution,
  };
}

/** Text widths from a canvas, for `exportLayout` in the browser. */
export function canvasMeasure(): Measure {
  const context = document.createElement('canvas').getContext('2d');
  if (!context) throw new Error('No 2D canvas to measure text with');
  return (text, font) => {
    context.font = font;
    return context.measureText(text).width;
  };
}

const BACKGROUND = '#ffffff';
const STRIP_BACKGROUND = '#f4f3ee';
const DIVIDER = '#dddddd';
const SCALE_BACKING = 'rgba(255, 255, 255, 0.8)';
const SCALE_COLOR = '#333333';

function drawText(context: CanvasRenderingContext2D, block: TextBlock): void {
  context.font = block.font;
  context.fillStyle = block.color;
  context.textAlign = 'left';
  context.textBaseline = 'middle';
  block.lines.forEach((line, i) => context.fillText(line, block.x, block.y + block.lineHeight * (i + 0.5)));
}

/**
 * A swatch as a solid fill without outline. Squares fill the 14 px box; circles have a radius
 * of 7.25 px so the 10 × 10 px centre lies wholly inside (its corners are 7.07 px from the
 * centre) and carries the exact colour; lines are a 4 px band across the box.
 */
function drawSwatch(context: CanvasRenderingContext2D, swatch: Swatch): void {
  context.fillStyle = swatch.color;
  switch (swatch.shape) {
    case 'square':
      context.fillRect(swatch.x, swatch.y, swatch.width, swatch.height);
      break;
    case 'circle':
      context.beginPath();
      context.arc(swatch.x + swatch.width / 2, swatch.y + swatch.height / 2, 7.25, 0, 2 * Math.PI);
      context.fill();
      break;
    case 'line':
      context.fillRect(swatch.x, swatch.y + (swatch.height - 4) / 2, swatch.width, 4);
      break;
  }
}

/**
 * Draws the layout on a new canvas of `layout` × `pixelRatio` device pixels and returns it as a
 * PNG. `mapCanvas` is MapLibre's canvas; it must still hold the drawn frame (read it in a
 * `render` event, or create the map with `preserveDrawingBuffer`).
 */
export async function renderExport(mapCanvas: HTMLCanvasElement, layout: Layout, pixelRatio: number): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(layout.width * pixelRatio);
  canvas.height = Math.round(layout.height * pixelRatio);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('No 2D canvas to draw the export on');
  context.scale(pixelRatio, pixelRatio);

  context.fillStyle = BACKGROUND;
  context.fillRect(0, 0, layout.width, layout.height);

  const { map } = layout;
  context.imageSmoothingEnabled = false;
  context.drawImage(mapCanvas, 0, 0, mapCanvas.width, mapCanvas.height, map.x, map.y, map.width, map.height);
  context.imageSmoothingEnabled = true;

  const { box, bar, label } = layout.scaleBar;
  context.fillStyle = SCALE_BACKING;
  context.fillRect(box.x, box.y, box.width, box.height);
  drawText(context, label);
  context.strokeStyle = SCALE_COLOR;
  context.lineWidth = 1.5;
  context.beginPath();
  context.moveTo(bar.x, bar.y);
  context.lineTo(bar.x, bar.y + bar.height);
  context.lineTo(bar.x + bar.width, bar.y + bar.height);
  context.lineTo(bar.x + bar.width, bar.y);
  context.stroke();

  const strip = layout.attributionStrip;
  if (strip.height > 0) {
    context.fillStyle = STRIP_BACKGROUND;
    context.fillRect(strip.x, strip.y, strip.width, strip.height);
    drawText(context, layout.attribution);
  }

  const column = layout.legendColumn;
  context.fillStyle = DIVIDER;
  context.fillRect(column.x, column.y, 1, column.height);
  drawText(context, layout.title);
  drawText(context, layout.date);
  for (const section of layout.sections) {
    drawText(context, section.title);
    for (const item of section.items) {
      drawSwatch(context, item.swatch);
      drawText(context, item.label);
    }
    if (section.note) drawText(context, section.note);
  }

  return new Promise((resolve, reject) => {
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('The export could not be encoded as PNG'))),
      'image/png',
    );
  });
}
