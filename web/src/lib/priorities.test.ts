import { describe, expect, it } from 'vitest';
import {
  contributionBar,
  formatScore,
  latestWholeYear,
  nextSort,
  prioritiesCsvUrl,
  prioritiesParams,
  type PrioritySector,
  rankChange,
  rankingPeriod,
  reportUrl,
  SCORE_COLORS,
  scoreClass,
  scoreClassRanges,
  scoreColor,
  scoreLegend,
  snapWeight,
  sortSectors,
  themeIndicators,
  themeTitle,
  weightsParam,
} from './priorities.ts';
import { readViewState, writeViewState, type KnownValues, type ViewState } from './url-state.ts';

const WONEN = ['vacant', 'long-term', 'burglaries', 'disputes'];

function sector(code: string, name: string, rank: number | null, score: number | null, previousRank: number | null) {
  return {
    code,
    name,
    ward: null,
    population: rank === null ? 40 : 1000,
    dwellings: 400,
    ranked: rank !== null,
    rank,
    score,
    previousRank,
    previousScore: null,
    indicators: [],
  } satisfies PrioritySector;
}

/*
 * Four ranked sectors and two unranked ones, in the API's order (rank, then unranked by code).
 * Rank changes (previous − current): A +2 (3 → 1), B 0 (2 → 2), C none (new), D −3 (1 → 4).
 */
const SECTORS: PrioritySector[] = [
  sector('A', 'Zuid', 1, 1.5, 3),
  sector('B', 'Ast', 2, 0.4, 2),
  sector('C', 'Centrum', 3, 0.4, null),
  sector('D', 'Bos', 4, -1.2, 1),
  sector('E', 'Akker', null, null, null),
  sector('F', 'Ëiland', null, null, 5),
];
const codes = (list: PrioritySector[]) => list.map((s) => s.code).join('');

describe('the score classes', () => {
  it('puts a score in one of five fixed classes, a limit going to the class above', () => {
    // Limits −1, −0.25, 0.25, 1: class i holds limit[i−1] <= score < limit[i].
    expect([-3, -1.0001, -1, -0.2501, -0.25, 0, 0.2499, 0.25, 0.9999, 1, 2.7].map(scoreClass)).toEqual([
      0, 0, 1, 1, 2, 2, 2, 3, 3, 4, 4,
    ]);
    expect(scoreClass(null)).toBeNull();
    expect(scoreClass(Number.NaN)).toBeNull();
  });

  it('colours them with Tol’s sunset: blue below the average, red for more attention', () => {
    expect(SCORE_COLORS).toEqual(['#4A7BB7', '#98CAE1', '#EAECCC', '#FDB366', '#DD3D2D']);
    expect(scoreColor(1)).toBe('#DD3D2D');
    expect(scoreColor(-0.25)).toBe('#EAECCC');
    expect(scoreColor(null)).toBeNull();
  });

  it('names the classes’ ranges with signs, lowest first, in Dutch and English', () => {
    expect(scoreClassRanges('nl')).toEqual(['< -1', '-1 – -0,25', '-0,25 – +0,25', '+0,25 – +1', '≥ +1']);
    expect(scoreClassRanges('en')).toEqual(['< -1', '-1 – -0.25', '-0.25 – +0.25', '+0.25 – +1', '≥ +1']);
    const legend = scoreLegend('en', 100, '#BBBBBB');
    expect(legend.map((item) => item.color)).toEqual([...SCORE_COLORS, '#BBBBBB']);
    expect(legend[4]!.label).toBe('≥ +1: much more attention than average');
    expect(legend[5]!.label).toBe('Not ranked: fewer than 100 residents');
  });

  it('formats a score with its sign and two decimals', () => {
    expect(formatScore(1.466, 'nl')).toBe('+1,47');
    expect(formatScore(-0.251, 'en')).toBe('-0.25');
    expect(formatScore(0.001, 'en')).toBe('0.00');
  });
});

describe('weights', () => {
  it('sends only the theme’s weights that are not the default 1, in the theme’s order', () => {
    const weights = { disputes: 0, vacant: 2.5, burglaries: 1, 'other-theme': 4 };
    expect(weightsParam(WONEN, weights)).toBe('vacant:2.5,disputes:0');
    expect(weightsParam(WONEN, {})).toBe('');
  });

  it('builds the request’s query: theme, period, and weights only when some differ', () => {
    const period = { start: '2025-01-01', end: '2025-12-31' };
    expect(prioritiesParams('wonen', period, WONEN, {}).toString()).toBe('theme=wonen&period=2025-01-01%2F2025-12-31');
    const params = prioritiesParams('wonen', period, WONEN, { vacant: 0, 'long-term': 0, burglaries: 0 });
    expect(params.get('weights')).toBe('vacant:0,long-term:0,burglaries:0');
    expect(prioritiesCsvUrl(params)).toBe(
      '/api/priorities?theme=wonen&period=2025-01-01%2F2025-12-31&weights=vacant%3A0%2Clong-term%3A0%2Cburglaries%3A0&format=csv',
    );
  });

  it('links the yearly report with the same theme and weights, in the UI’s language', () => {
    expect(reportUrl('jongeren', 2025, 'nuisance:3', 'en')).toBe(
      '/report?theme=jongeren&year=2025&weights=nuisance%3A3&lang=en',
    );
    expect(reportUrl('all', 2024, '', 'nl')).toBe('/report?theme=all&year=2024&lang=nl');
  });

  it('snaps a weight to the sliders’ range and step', () => {
    expect([2.3, 2.25, 2.2, -1, 11, 0, 10].map(snapWeight)).toEqual([2.5, 2.5, 2, 0, 10, 0, 10]);
    expect(snapWeight(Number.NaN)).toBeNull();
  });

  it('weighs a theme’s indicators, and every scored one for all themes', () => {
    const indicators = [
      { id: 'a', themes: ['wonen'] },
      { id: 'b', themes: ['jongeren', 'buurten'] },
      { id: 'c', themes: [] },
      { id: 'd', themes: ['buurten'] },
    ] as const;
    const ids = (theme: Parameters<typeof themeIndicators>[1]) =>
      themeIndicators(
        indicators as unknown as { id: string; themes: ('wonen' | 'jongeren' | 'buurten')[] }[],
        theme,
      ).map((i) => i.id);
    expect(ids('buurten')).toEqual(['b', 'd']);
    expect(ids('all')).toEqual(['a', 'b', 'd']);
  });

  it('titles a theme from the API’s declaration, and all themes from the UI', () => {
    expect(themeTitle('wonen', 'nl', "Alle thema's")).toBe('Veilig wonen');
    expect(themeTitle('jongeren', 'en', 'All themes')).toBe('Children and youth');
    expect(themeTitle('all', 'nl', "Alle thema's")).toBe("Alle thema's");
  });
});

describe('the period of the ranking', () => {
  it('is the latest calendar year wholly in the data', () => {
    expect(latestWholeYear({ start: '2020-10-11', end: '2026-09-30' })).toBe(2025);
    expect(latestWholeYear({ start: '2020-10-11', end: '2025-12-31' })).toBe(2025);
    expect(latestWholeYear({ start: '2025-01-01', end: '2025-12-31' })).toBe(2025);
    expect(latestWholeYear({ start: '2025-02-01', end: '2026-06-30' })).toBeNull();
    expect(latestWholeYear(null)).toBeNull();
  });

  it('follows the time slider, and falls back to that year when it shows all dates', () => {
    const quarter = { start: '2025-04-01', end: '2025-06-30' };
    expect(rankingPeriod(quarter, { start: '2020-10-11', end: '2026-09-30' })).toEqual({
      period: quarter,
      fallback: false,
    });
    expect(rankingPeriod(null, { start: '2020-10-11', end: '2026-09-30' })).toEqual({
      period: { start: '2025-01-01', end: '2025-12-31' },
      fallback: true,
    });
    expect(rankingPeriod(null, { start: '2026-01-01', end: '2026-09-30' })).toBeNull();
  });
});

describe('the ranking table’s order', () => {
  it('is the rank by default, unranked sectors last in the API’s order', () => {
    expect(codes(sortSectors(SECTORS, { key: 'rank', direction: 'ascending' }, 'nl'))).toBe('ABCDEF');
    expect(codes(sortSectors(SECTORS, { key: 'rank', direction: 'descending' }, 'nl'))).toBe('DCBAEF');
  });

  it('sorts on score with ties by rank, unranked still last', () => {
    // B and C both score 0.4: B (rank 2) before C (rank 3) either way.
    expect(codes(sortSectors(SECTORS, { key: 'score', direction: 'descending' }, 'nl'))).toBe('ABCDEF');
    expect(codes(sortSectors(SECTORS, { key: 'score', direction: 'ascending' }, 'nl'))).toBe('DBCAEF');
  });

  it('sorts on the change of rank, sectors without one after the others', () => {
    // Changes: A +2, B 0, D −3, C none.
    expect(codes(sortSectors(SECTORS, { key: 'trend', direction: 'descending' }, 'nl'))).toBe('ABDCEF');
    expect(codes(sortSectors(SECTORS, { key: 'trend', direction: 'ascending' }, 'nl'))).toBe('DBACEF');
  });

  it('sorts names in the language’s collation (Ë as E), unranked ones by name too', () => {
    // Ast, Bos, Centrum, Zuid; then Akker, Ëiland.
    expect(codes(sortSectors(SECTORS, { key: 'name', direction: 'ascending' }, 'nl'))).toBe('BDCAEF');
    expect(codes(sortSectors(SECTORS, { key: 'name', direction: 'descending' }, 'nl'))).toBe('ACDBFE');
  });

  it('leaves the API’s list as it is', () => {
    const before = codes(SECTORS);
    sortSectors(SECTORS, { key: 'name', direction: 'ascending' }, 'en');
    expect(codes(SECTORS)).toBe(before);
  });

  it('turns a column’s direction on a second click, and starts each column its own way', () => {
    expect(nextSort({ key: 'rank', direction: 'ascending' }, 'rank')).toEqual({ key: 'rank', direction: 'descending' });
    expect(nextSort({ key: 'rank', direction: 'ascending' }, 'score')).toEqual({
      key: 'score',
      direction: 'descending',
    });
    expect(nextSort({ key: 'score', direction: 'descending' }, 'name')).toEqual({
      key: 'name',
      direction: 'ascending',
    });
  });

  it('counts places climbed since the previous period', () => {
    expect(SECTORS.map(rankChange)).toEqual([2, 0, null, -3, null, null]);
  });
});

describe('contribution bars', () => {
  it('grow from the middle, right for more attention, left for less, half the track at the scale', () => {
    // scale 0.5: 0.25 is half of half the track = 25 %; −0.5 is the whole left half.
    expect(contributionBar(0.25, 0.5)).toEqual({ offset: 50, width: 25 });
    expect(contributionBar(-0.5, 0.5)).toEqual({ offset: 0, width: 50 });
    expect(contributionBar(-2, 0.5)).toEqual({ offset: 0, width: 50 });
    expect(contributionBar(null, 0.5)).toEqual({ offset: 50, width: 0 });
  });
});

describe('the priorities view in the address bar', () => {
  const known: KnownValues = {
    layers: ['neighbourhoods'],
    filterValues: {},
    indicators: ['vacant', 'long-term', 'burglaries', 'disputes'],
  };
  const base: ViewState = {
    center: [4.2373, 50.7339],
    zoom: 13,
    layers: ['neighbourhoods'],
    filters: {},
    period: null,
    indicator: null,
    indicatorFilters: {},
    classMethod: 'quantile',
    density: null,
    sector: null,
  };

  it('writes whether it is shown, a theme other than wonen and the weights other than 1, sorted', () => {
    const query = writeViewState({
      ...base,
      priorities: { shown: true, theme: 'jongeren', weights: { vacant: 2.5, disputes: 0, burglaries: 1 } },
    });
    expect(query).toBe(
      'map=13/50.7339/4.2373&layers=neighbourhoods&priorities=on&theme=jongeren&weights=disputes:0,vacant:2.5',
    );
  });

  it('writes nothing at the defaults', () => {
    expect(writeViewState({ ...base, priorities: { shown: false, theme: 'wonen', weights: { vacant: 1 } } })).toBe(
      'map=13/50.7339/4.2373&layers=neighbourhoods',
    );
  });

  it('reads back what it wrote', () => {
    const priorities = { shown: true, theme: 'all', weights: { 'long-term': 10, vacant: 0.5 } } as const;
    const state = readViewState(writeViewState({ ...base, priorities }), known);
    expect(state.priorities).toEqual(priorities);
    // Through URLSearchParams (as a shared link is re-serialised), the same.
    const reserialised = new URLSearchParams(writeViewState({ ...base, priorities })).toString();
    expect(readViewState(reserialised, known).priorities).toEqual(priorities);
  });

  it('drops unknown themes, indicators and weights out of range, and snaps weights to the step', () => {
    const state = readViewState(
      'priorities=on&theme=veiligheid&weights=vacant:2.3,nope:2,disputes:11,burglaries:-1,long-term:x',
      known,
    );
    expect(state.priorities).toEqual({ shown: true, theme: 'wonen', weights: { vacant: 2.5 } });
    expect(readViewState('map=13/50.7/4.2', known).priorities).toBeUndefined();
    expect(readViewState('theme=buurten', known).priorities).toEqual({ shown: false, theme: 'buurten', weights: {} });
  });
});
