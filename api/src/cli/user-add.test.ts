import { describe, expect, it } from 'vitest';
import { AccountInputError, validateAccount } from '../auth/users.ts';
import { parseUserAddArgs } from './user-add.ts';

describe('user:add arguments', () => {
  it('reads username, role, password and --reset-password', () => {
    expect(parseUserAddArgs(['--username', 'ann', '--role', 'admin', '--password', 'x y z 1234'])).toEqual({
      username: 'ann',
      role: 'admin',
      partner: undefined,
      password: 'x y z 1234',
      resetPassword: false,
    });
    expect(parseUserAddArgs(['--username=bob', '--role=planner', '--reset-password'])).toEqual({
      username: 'bob',
      role: 'planner',
      partner: undefined,
      password: undefined, // read from standard input
      resetPassword: true,
    });
  });

  it('reads --partner for a partner user', () => {
    expect(
      parseUserAddArgs(['--username', 'piet', '--role', 'partner', '--partner', 'Politie Halle', '--password', 'p']),
    ).toMatchObject({ username: 'piet', role: 'partner', partner: 'Politie Halle' });
  });

  it('refuses missing or unknown options with the usage', () => {
    expect(() => parseUserAddArgs(['--role', 'admin'])).toThrow(/--username is required/);
    expect(() => parseUserAddArgs(['--username', 'ann'])).toThrow(/--role is required/);
    expect(() => parseUserAddArgs(['--username', 'ann', '--role', 'admin', '--admin'])).toThrow(
      /usage: npm run user:add/,
    );
    expect(() => parseUserAddArgs(['ann'])).toThrow(AccountInputError);
  });
});

describe('validateAccount', () => {
  const ok = { username: 'ann.de-vos_2', role: 'coordinator', password: '0123456789' };

  it('accepts the rules of the users table and a 10-character password', () => {
    expect(validateAccount(ok)).toEqual({ username: 'ann.de-vos_2', role: 'coordinator', partner: null });
  });

  it('gives a partner user its partner organisation (trimmed)', () => {
    expect(validateAccount({ ...ok, role: 'partner', partner: ' Politie Halle ' })).toEqual({
      username: 'ann.de-vos_2',
      role: 'partner',
      partner: 'Politie Halle',
    });
  });

  it.each([
    [{ ...ok, username: 'an' }, /username/],
    [{ ...ok, username: 'Ann' }, /username/],
    [{ ...ok, username: 'a'.repeat(65) }, /username/],
    [{ ...ok, role: 'owner' }, /role must be admin, coordinator, planner or partner/],
    [{ ...ok, role: 'partner' }, /a partner user belongs to a partner organisation: add --partner/],
    [{ ...ok, role: 'partner', partner: '  ' }, /add --partner/],
    [{ ...ok, role: 'coordinator', partner: 'Politie Halle' }, /--partner is only for the role partner/],
    [{ ...ok, password: '012345678' }, /at least 10 characters/], // 9 characters
  ])('refuses %j', (account, message) => {
    expect(() => validateAccount(account)).toThrow(message);
  });
});
