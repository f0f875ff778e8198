import { describe, expect, it } from 'vitest';
import { placeOfNul } from './nul-characters.ts';

describe('placeOfNul', () => {
  it.each([
    ['a clean body', { name: 'Halle', tags: ['a', 'b'], n: 1, none: null }, null],
    ['the value itself', 'a\u0000', ''],
    ['a member', { name: 'x\u0000' }, 'name'],
    ['an array item, by index', { actions: [{ action: 'ok' }, { action: '\u0000' }] }, 'actions/1/action'],
    ['a key', { ok: 1, ['k\u0000']: 2 }, 'k\u0000'],
    ['numbers and booleans never', [0, false, 1e308], null],
    ['a Buffer is not looked into', Buffer.from('a\u0000b'), null],
  ])('%s', (_what, value, place) => {
    expect(placeOfNul(value)).toBe(place);
  });
});

describe('placeOfNul on deep input', () => {
  it('walks 100,000 levels without overflowing the stack', () => {
    let deep: unknown = ['x\u0000'];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(placeOfNul(deep)).toBe(Array(100_001).fill('0').join('/'));
  });
});
