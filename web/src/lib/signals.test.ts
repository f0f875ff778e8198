import { describe, expect, it } from 'vitest';
import { createSignal, fetchPartners, fetchSignals, transitionSignal, updateSignal } from './api.ts';
import {
  allowedTransitions,
  emptySignalDraft,
  isCalendarDate,
  linksFromHits,
  localDate,
  NO_SIGNAL_FILTERS,
  placePin,
  signalDraftProblems,
  signalFieldOf,
  signalInput,
  signalPins,
  signalsQuery,
  type SignalDraft,
} from './signals.ts';
import type { Signal, SignalCollection } from './types.ts';

const TODAY = '2026-03-15';

/** A draft with everything required filled in. */
const complete = (): SignalDraft => ({
  ...emptySignalDraft(TODAY),
  point: [4.2373, 50.7339],
  kind: 'housing-care',
  phase: 'prevention',
});

describe('allowedTransitions', () => {
  it('lets coordinators and admins move forward to any later status, skipping allowed', () => {
    expect(allowedTransitions('new', 'coordinator')).toEqual(['assessed', 'referred', 'in-progress', 'closed']);
    expect(allowedTransitions('referred', 'admin')).toEqual(['in-progress', 'closed']);
    expect(allowedTransitions('in-progress', 'coordinator')).toEqual(['closed']);
  });

  it('lets coordinators and admins reopen a closed signal, to assessed only', () => {
    expect(allowedTransitions('closed', 'coordinator')).toEqual(['assessed']);
    expect(allowedTransitions('closed', 'admin')).toEqual(['assessed']);
  });

  it('lets a partner move forward to in progress or closed only, and never reopen', () => {
    expect(allowedTransitions('new', 'partner')).toEqual(['in-progress', 'closed']);
    expect(allowedTransitions('referred', 'partner')).toEqual(['in-progress', 'closed']);
    expect(allowedTransitions('in-progress', 'partner')).toEqual(['closed']);
    expect(allowedTransitions('closed', 'partner')).toEqual([]);
  });

  it('offers a planner nothing (the API answers 403)', () => {
    expect(allowedTransitions('new', 'planner')).toEqual([]);
    expect(allowedTransitions('closed', 'planner')).toEqual([]);
  });
});

describe('signalsQuery', () => {
  it('sends only the filters that are set', () => {
    expect(signalsQuery(NO_SIGNAL_FILTERS).toString()).toBe('');
    expect(signalsQuery({ status: 'in-progress', kind: '', partner: 7 }).toString()).toBe(
      'status=in-progress&partner=7',
    );
    expect(signalsQuery({ status: '', kind: 'neighbour-dispute', partner: '' }).toString()).toBe(
      'kind=neighbour-dispute',
    );
  });
});

describe('isCalendarDate and localDate', () => {
  it('accepts real dates only', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true); // a leap year
    expect(isCalendarDate('2025-02-29')).toBe(false);
    expect(isCalendarDate('2025-13-01')).toBe(false);
    expect(isCalendarDate('15/03/2026')).toBe(false);
    expect(isCalendarDate('')).toBe(false);
  });

  it('gives the calendar day of the local clock', () => {
    // 23:30 on 31 December local time is still that day, whatever UTC says.
    expect(localDate(new Date(2025, 11, 31, 23, 30))).toBe('2025-12-31');
    expect(localDate(new Date(2026, 0, 5, 0, 10))).toBe('2026-01-05');
  });
});

describe('signalDraftProblems', () => {
  it('finds nothing wrong with a complete draft', () => {
    expect(signalDraftProblems(complete(), TODAY)).toEqual([]);
  });

  it('asks for the pin, the kind and the phase, in the form’s order', () => {
    expect(signalDraftProblems(emptySignalDraft(TODAY), TODAY)).toEqual(['geometry', 'kind', 'phase']);
  });

  it('refuses a date in the future or not a date, text over the database’s limits and ids that are not ids', () => {
    const draft: SignalDraft = {
      ...complete(),
      reportedOn: '2026-03-16',
      description: 'x'.repeat(4001),
      reporter: 'y'.repeat(201),
      incidentId: 0,
      vacantBuildingId: 2.5,
    };
    expect(signalDraftProblems(draft, TODAY)).toEqual([
      'description',
      'reportedOn',
      'reporter',
      'vacantBuildingId',
      'incidentId',
    ]);
    expect(signalDraftProblems({ ...complete(), reportedOn: '2026-02-30' }, TODAY)).toEqual(['reportedOn']);
    // At the limits exactly: fine.
    expect(
      signalDraftProblems({ ...complete(), description: 'x'.repeat(4000), reporter: 'y'.repeat(200) }, TODAY),
    ).toEqual([]);
  });
});

describe('signalInput', () => {
  it('sends the required fields and a GeoJSON point', () => {
    expect(signalInput(complete())).toEqual({
      kind: 'housing-care',
      phase: 'prevention',
      reportedOn: TODAY,
      geometry: { type: 'Point', coordinates: [4.2373, 50.7339] },
    });
  });

  it('trims the text, leaves out what is empty and keeps the links set', () => {
    const input = signalInput({
      ...complete(),
      description: '  Vochtige woning, kinderen  ',
      reporter: '   ',
      partnerId: 3,
      reportingPartnerId: 1,
      incidentId: 42,
    });
    expect(input).toEqual({
      kind: 'housing-care',
      phase: 'prevention',
      reportedOn: TODAY,
      geometry: { type: 'Point', coordinates: [4.2373, 50.7339] },
      description: 'Vochtige woning, kinderen',
      partnerId: 3,
      reportingPartnerId: 1,
      incidentId: 42,
    });
  });

  it('refuses an incomplete draft', () => {
    expect(() => signalInput(emptySignalDraft(TODAY))).toThrow(/incomplete/);
  });
});

describe('signalFieldOf', () => {
  it('reads the field a problem names, plainly or as a path', () => {
    expect(signalFieldOf('partnerId')).toBe('partnerId');
    expect(signalFieldOf('/body/focusAreaId')).toBe('focusAreaId');
    expect(signalFieldOf('body.geometry.coordinates')).toBe('geometry');
    expect(signalFieldOf('version')).toBeNull();
    expect(signalFieldOf(undefined)).toBeNull();
  });
});

describe('linksFromHits and placePin', () => {
  it('takes the first vacant building, incident and area under the click; ignores other layers and non-ids', () => {
    expect(
      linksFromHits([
        { layer: 'incidents', id: 12 },
        { layer: 'incidents', id: 13 },
        { layer: 'youth-facilities', id: 5 },
        { layer: 'vacant-buildings', id: '7' },
        { layer: 'focus-areas', id: undefined },
        { layer: 'focus-areas', id: 3 },
      ]),
    ).toEqual({ vacantBuildingId: 7, incidentId: 12, focusAreaId: 3 });
    expect(linksFromHits([{ layer: 'incidents', id: 'cell-4' }])).toEqual({
      vacantBuildingId: null,
      incidentId: null,
      focusAreaId: null,
    });
  });

  it('moves the suggested links with the pin but keeps what the user chose', () => {
    const first = placePin(
      complete(),
      { point: [4.2, 50.7], links: { vacantBuildingId: 7, incidentId: 12, focusAreaId: null } },
      null,
    );
    expect(first).toMatchObject({ point: [4.2, 50.7], vacantBuildingId: 7, incidentId: 12, focusAreaId: null });
    // The user picks an area and changes the incident; then moves the pin onto another building.
    const edited = { ...first, focusAreaId: 2, incidentId: 99 };
    const moved = placePin(
      edited,
      { point: [4.25, 50.72], links: { vacantBuildingId: 8, incidentId: null, focusAreaId: 4 } },
      { vacantBuildingId: 7, incidentId: 12, focusAreaId: null },
    );
    expect(moved).toMatchObject({ point: [4.25, 50.72], vacantBuildingId: 8, incidentId: 99, focusAreaId: 2 });
  });
});

describe('signalPins', () => {
  it('gives each signal’s point with its id and status, and marks the open one', () => {
    const signal = (id: number, status: Signal['properties']['status']) =>
      ({
        type: 'Feature',
        id,
        geometry: { type: 'Point', coordinates: [4.2 + id / 100, 50.7] },
        properties: { id, status },
      }) as Signal;
    const collection: SignalCollection = {
      type: 'FeatureCollection',
      features: [signal(1, 'new'), signal(2, 'closed')],
    };
    expect(signalPins(collection, 2).features.map((f) => [f.id, f.properties])).toEqual([
      [1, { id: 1, status: 'new', selected: false }],
      [2, { id: 2, status: 'closed', selected: true }],
    ]);
    expect(signalPins(null, null).features).toEqual([]);
  });
});

/** A fetch that records each request and answers with `answer`. */
function recordingFetch(answer: [number, unknown]) {
  const calls: { url: string; method: string; body: unknown }[] = [];
  const impl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({
      url: String(input),
      method: init?.method ?? 'GET',
      body: typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
    });
    return new Response(JSON.stringify(answer[1]), {
      status: answer[0],
      headers: { 'content-type': 'application/json' },
    });
  }) as typeof fetch;
  return { impl, calls };
}

describe('the signal and partner calls', () => {
  const empty = { type: 'FeatureCollection', features: [] };

  it('list with the filters, or without a query', async () => {
    const { impl, calls } = recordingFetch([200, empty]);
    await fetchSignals(signalsQuery({ status: 'new', kind: '', partner: 2 }), undefined, impl);
    await fetchSignals(new URLSearchParams(), undefined, impl);
    expect(calls.map((c) => c.url)).toEqual(['/api/signals?status=new&partner=2', '/api/signals']);
  });

  it('create, assign and move with the contract’s bodies', async () => {
    const { impl, calls } = recordingFetch([200, { type: 'Feature' }]);
    await createSignal(signalInput(complete()), impl);
    await updateSignal(5, { version: 3, partnerId: 2, note: 'naar OCMW' }, impl);
    await updateSignal(5, { version: 4, partnerId: null }, impl);
    await transitionSignal(5, 'in-progress', null, impl);
    await transitionSignal(5, 'closed', 'opgelost', impl);
    expect(calls.map(({ url, method, body }) => [method, url, body])).toEqual([
      ['POST', '/api/signals', signalInput(complete())],
      ['PATCH', '/api/signals/5', { version: 3, partnerId: 2, note: 'naar OCMW' }],
      ['PATCH', '/api/signals/5', { version: 4, partnerId: null }],
      ['POST', '/api/signals/5/transitions', { to: 'in-progress' }],
      ['POST', '/api/signals/5/transitions', { to: 'closed', note: 'opgelost' }],
    ]);
  });

  it('reports a refusal with its problem (a 404 hides whether the signal exists)', async () => {
    const { impl } = recordingFetch([404, { title: 'Not Found', status: 404 }]);
    await expect(transitionSignal(9, 'closed', null, impl)).rejects.toMatchObject({ status: 404 });
  });

  it('reads the partners list, and refuses an answer without one', async () => {
    const partner = { id: 1, name: 'Politie Halle', kind: 'police', contactRole: 'wijkinspecteur' };
    expect(await fetchPartners(recordingFetch([200, { partners: [partner] }]).impl)).toEqual([partner]);
    await expect(fetchPartners(recordingFetch([200, {}]).impl)).rejects.toThrow(/partners/);
  });
});
