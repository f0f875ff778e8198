import { describe, expect, it } from 'vitest';
import { parseScaleArgs, UsageError } from './scale-args.ts';

describe('parseScaleArgs', () => {
  it('reads every flag', () => {
    expect(
      parseScaleArgs([
        '--incidents',
        '1000000',
        '--vacant',
        '10',
        '--facilities=0',
        '--bbox',
        '4.1,50.6,4.4,50.8',
        '--seed=-7',
      ]),
    ).toEqual({
      incidents: 1_000_000,
      vacantBuildings: 10,
      youthFacilities: 0,
      bbox: [4.1, 50.6, 4.4, 50.8],
      seed: -7,
    });
    expect(parseScaleArgs(['--incidents', '5'])).toEqual({ incidents: 5 });
  });

  it.each([
    [[], /--incidents is required/],
    [['--incidents', '10', '--verbose'], /Unknown option '--verbose'/],
    [['--incidents', '10', 'extra'], /positional argument/],
    [['--incidents', '1e6'], /--incidents must be a non-negative integer/],
    [['--incidents=-5'], /--incidents must be a non-negative integer/],
    [['--incidents', '10', '--vacant', '2.5'], /--vacant must be a non-negative integer/],
    [['--incidents', '10', '--facilities', ''], /--facilities must be a non-negative integer/],
    [['--incidents', '10', '--bbox', '4.1,50.6,4.4'], /--bbox must be four numbers/],
    [['--incidents', '10', '--bbox', '4.4,50.6,4.1,50.8'], /west < east/],
    [['--incidents', '10', '--bbox', '4.1,50.6,4.4,x'], /--bbox must be four numbers/],
    [['--incidents', '10', '--bbox', '4.1,95,4.4,96'], /lat ±90/],
    [['--incidents', '10', '--seed', 'abc'], /--seed must be an integer/],
  ])('rejects %j', (args, message) => {
    expect(() => parseScaleArgs(args)).toThrow(UsageError);
    expect(() => parseScaleArgs(args)).toThrow(message);
  });
});
