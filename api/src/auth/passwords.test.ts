import { describe, expect, it } from 'vitest';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './passwords.ts';

describe('passwords', () => {
  it('stores scrypt$N$r$p$salt$hash and verifies only the right password', async () => {
    const hash = await hashPassword('correct horse battery');
    const parts = hash.split('$');
    expect(parts.slice(0, 4)).toEqual(['scrypt', '32768', '8', '1']);
    // 16-byte salt = 24 base64 characters; 32-byte key = 44
    expect(parts[4]).toHaveLength(24);
    expect(parts[5]).toHaveLength(44);
    expect(hash).not.toContain('correct horse battery');
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('salts every hash', async () => {
    const cheap = { N: 1024, r: 8, p: 1 };
    expect(await hashPassword('same password', cheap)).not.toBe(await hashPassword('same password', cheap));
  });

  it('verifies with the cost stored in the hash', async () => {
    const hash = await hashPassword('low cost password', { N: 1024, r: 4, p: 2 });
    expect(hash.startsWith('scrypt$1024$4$2$')).toBe(true);
    expect(await verifyPassword('low cost password', hash)).toBe(true);
  });

  it('refuses malformed or absurd hashes instead of throwing', async () => {
    const good = await hashPassword('a password!', { N: 1024, r: 8, p: 1 });
    const [, , , , salt, key] = good.split('$');
    for (const bad of [
      '',
      'plain text password',
      `bcrypt$1024$8$1$${salt}$${key}`,
      `scrypt$1000$8$1$${salt}$${key}`, // N not a power of two
      `scrypt$${2 ** 24}$8$1$${salt}$${key}`, // N too large: 2 GiB of memory
      `scrypt$1024$8$1$${salt}`,
      `scrypt$1024$8$1$$${key}`,
    ]) {
      expect(await verifyPassword('a password!', bad), bad).toBe(false);
    }
  });

  it('the dummy check for unknown users is always false', async () => {
    expect(await verifyAgainstDummy('anything at all')).toBe(false);
  });
});
