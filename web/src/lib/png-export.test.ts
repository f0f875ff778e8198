import { describe, expect, it } from 'vitest';
import { exportLayout, FONTS, LEGEND_WIDTH, wrapText, type ExportLegendSection, type Measure } from './png-export.ts';

/** Every character 7 px wide, whatever the font. */
const measure: Measure = (text) => text.length * 7;

const options = {
  title: 'Incidenten per 1000 inwoners',
  date: '2024',
  attribution: '© OpenStreetMap-bijdragers, Statbel',
  scale: { label: '500 m', pixels: 100 },
};

const legend: ExportLegendSection[] = [
  {
    title: 'Incidenten',
    items: [
      { label: 'Overlast', color: '#EE7733', shape: 'circle' },
      { label: 'Drugs', color: '#0077BB', shape: 'circle' },
    ],
    note: 'Synthetische demodata',
  },
  {
    title: 'Buurten',
    items: [{ label: 'Een heel lang label dat over twee regels loopt', color: '#FEC44F', shape: 'square' }],
  },
];

const box = (b: { x: number; y: number; width: number; height: number }) => [b.x, b.y, b.width, b.height];

describe('wrapText', () => {
  it('wraps greedily at spaces', () => {
    // 26 characters fit in 184 px.
    expect(
      wrapText('Kaartgegevens © OpenStreetMap-bijdragers, Statbel; synthetische demodata', 'f', 184, measure),
    ).toEqual(['Kaartgegevens ©', 'OpenStreetMap-bijdragers,', 'Statbel; synthetische', 'demodata']);
    expect(wrapText('kort', 'f', 184, measure)).toEqual(['kort']);
  });

  it('keeps explicit newlines and collapses runs of spaces', () => {
    expect(wrapText('a  b\nc', 'f', 1000, measure)).toEqual(['a b', 'c']);
  });

  it('cuts a word only when it is wider than a line on its own', () => {
    expect(wrapText('ab abcdefghij', 'f', 30, measure)).toEqual(['ab', 'abcd', 'efgh', 'ij']);
  });

  it('puts at least one character on a line, however narrow', () => {
    expect(wrapText('ab c', 'f', 0, measure)).toEqual(['a', 'b', 'c']);
  });

  it('has no lines for blank text', () => {
    expect(wrapText('', 'f', 100, measure)).toEqual([]);
    expect(wrapText('  \n ', 'f', 100, measure)).toEqual([]);
  });
});

describe('exportLayout', () => {
  const layout = exportLayout({ width: 600, height: 400 }, legend, options, measure);

  it('puts the map at the left at 1:1 and the legend column on the right', () => {
    expect(box(layout.map)).toEqual([0, 0, 600, 400]);
    expect(layout.width).toBe(600 + LEGEND_WIDTH);
    expect(box(layout.legendColumn)).toEqual([600, 0, 260, layout.height]);
  });

  it('heads the legend column with the title and the date', () => {
    expect(box(layout.title)).toEqual([616, 16, 228, 20]);
    expect(layout.title).toMatchObject({ lines: ['Incidenten per 1000 inwoners'], font: FONTS.title });
    expect(box(layout.date)).toEqual([616, 40, 228, 18]);
    expect(layout.date.lines).toEqual(['2024']);
  });

  it('gives every legend item a row: a 14 px swatch on whole pixels, then its label in 13 px', () => {
    const [first, second] = layout.sections;
    expect(box(first!.title)).toEqual([616, 74, 228, 18]);
    expect(first!.items.map(({ swatch }) => box(swatch))).toEqual([
      [616, 99, 14, 14],
      [616, 119, 14, 14],
    ]);
    expect(first!.items.map(({ swatch }) => [swatch.color, swatch.shape])).toEqual([
      ['#EE7733', 'circle'],
      ['#0077BB', 'circle'],
    ]);
    expect(first!.items.map(({ label }) => [label.x, label.y, label.width, label.height, label.lines])).toEqual([
      [638, 97.5, 206, 17, ['Overlast']],
      [638, 117.5, 206, 17, ['Drugs']],
    ]);
    expect(first!.items[0]!.label.font).toBe('13px system-ui, sans-serif');
    expect(first!.note).toMatchObject({ x: 616, y: 140, height: 14, lines: ['Synthetische demodata'] });

    // 14 px between sections; a label on two lines makes its row taller.
    expect(box(second!.title)).toEqual([616, 168, 228, 18]);
    const [long] = second!.items;
    expect(long!.label.lines).toEqual(['Een heel lang label dat over', 'twee regels loopt']);
    expect(box(long!.label)).toEqual([638, 191.5, 206, 34]);
    expect(box(long!.swatch)).toEqual([616, 193, 14, 14]);
    expect(second!.note).toBeNull();
  });

  it('centres each swatch on its label’s first line', () => {
    for (const { swatch, label } of layout.sections.flatMap((s) => s.items)) {
      expect(swatch.y + swatch.height / 2).toBe(label.y + label.lineHeight / 2);
    }
  });

  it('puts the attribution in a strip under the map, and the scale bar at the map’s bottom-left', () => {
    expect(box(layout.attributionStrip)).toEqual([0, 400, 600, 26]);
    expect(box(layout.attribution)).toEqual([8, 406, 584, 14]);
    expect(layout.attribution.lines).toEqual(['© OpenStreetMap-bijdragers, Statbel']);
    expect(box(layout.scaleBar.box)).toEqual([10, 360, 108, 30]);
    expect(box(layout.scaleBar.label)).toEqual([14, 364, 35, 14]);
    expect(layout.scaleBar.label.lines).toEqual(['500 m']);
    expect(box(layout.scaleBar.bar)).toEqual([14, 380, 100, 6]);
    expect(layout.height).toBe(426);
  });

  it('widens the scale bar’s box for a label longer than the bar, keeping the bar’s length', () => {
    const wide = exportLayout(
      { width: 600, height: 400 },
      [],
      { ...options, scale: { label: '1 km', pixels: 12 } },
      measure,
    );
    expect(box(wide.scaleBar.box)).toEqual([10, 360, 36, 30]);
    expect(wide.scaleBar.bar.width).toBe(12);
  });

  it('wraps the attribution to the map’s width, the strip growing with it', () => {
    const narrow = exportLayout(
      { width: 200, height: 400 },
      [],
      { ...options, attribution: 'Kaartgegevens © OpenStreetMap-bijdragers, Statbel; synthetische demodata' },
      measure,
    );
    expect(narrow.attribution.lines).toHaveLength(4);
    expect(box(narrow.attribution)).toEqual([8, 406, 184, 56]);
    expect(box(narrow.attributionStrip)).toEqual([0, 400, 200, 68]);
    expect(narrow.height).toBe(468);
    expect(narrow.width).toBe(460);
  });

  it('measures text in the fonts it is drawn in', () => {
    const seen = new Map<string, string>();
    exportLayout({ width: 600, height: 400 }, legend, options, (text, font) => {
      seen.set(text, font);
      return text.length * 7;
    });
    expect(seen.get('Overlast')).toBe(FONTS.label);
    expect(seen.get('Incidenten per 1000 inwoners')).toBe(FONTS.title);
    expect(seen.get('Incidenten')).toBe(FONTS.section);
    expect(seen.get('500 m')).toBe(FONTS.scale);
    expect(seen.get('© OpenStreetMap-bijdragers, Statbel')).toBe(FONTS.attribution);
  });

  it('grows the image with the legend rows when the legend is taller than the map', () => {
    const items = Array.from({ length: 30 }, (_, i) => ({
      label: `Klasse ${i + 1}`,
      color: '#FB9A29',
      shape: 'square' as const,
    }));
    const tall = exportLayout({ width: 600, height: 400 }, [{ title: 'Klassen', items }], options, measure);
    // 74 (header) + 22 (section title) + 30 rows of 20 px + 16 padding.
    expect(tall.height).toBe(712);
    const last = tall.sections[0]!.items[29]!;
    expect(box(last.swatch)).toEqual([616, 679, 14, 14]);
    expect(last.swatch.y + last.swatch.height).toBeLessThanOrEqual(tall.height - 16);
    // The map and its strip stay where they are; the rest of the left side is white.
    expect(box(tall.map)).toEqual([0, 0, 600, 400]);
    expect(box(tall.attributionStrip)).toEqual([0, 400, 600, 26]);
    expect(box(tall.legendColumn)).toEqual([600, 0, 260, 712]);

    const oneMore = exportLayout(
      { width: 600, height: 400 },
      [{ title: 'Klassen', items: [...items, { label: 'Klasse 31', color: '#FB9A29', shape: 'square' }] }],
      options,
      measure,
    );
    expect(oneMore.height).toBe(732);
  });

  it('keeps the map’s height (plus strip) when the legend is shorter, and leaves out what is empty', () => {
    const bare = exportLayout(
      { width: 300, height: 200 },
      [],
      { ...options, title: '', date: '', attribution: '' },
      measure,
    );
    expect(bare.height).toBe(200);
    expect(bare.title.lines).toEqual([]);
    expect(bare.attribution.lines).toEqual([]);
    expect(box(bare.attributionStrip)).toEqual([0, 200, 300, 0]);
    expect(bare.sections).toEqual([]);
  });

  it('ignores a blank note', () => {
    const withBlankNote = exportLayout(
      { width: 600, height: 400 },
      [{ title: 'A', items: [{ label: 'a', color: '#000000', shape: 'line' }], note: '  ' }],
      options,
      measure,
    );
    expect(withBlankNote.sections[0]!.note).toBeNull();
  });
});
