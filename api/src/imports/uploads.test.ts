import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UploadStore, UploadTooLargeError } from './uploads.ts';

let dir: string;
let now: number;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'uploads-'));
  now = Date.parse('2025-05-01T10:00:00Z');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('UploadStore', () => {
  it('keeps a file an hour, for the user who sent it', async () => {
    const store = new UploadStore(dir, 3_600_000, () => now);
    const info = await store.save(
      Readable.from([Buffer.from('Nr;X\n1;2\n')]),
      { fileName: 'C:\\data\\lijst.csv', layer: 'incidents', userId: 7 },
      () => false,
    );
    expect(info).toMatchObject({
      fileName: 'lijst.csv',
      size: 9,
      layer: 'incidents',
      userId: 7,
      expiresAt: '2025-05-01T11:00:00.000Z',
    });
    expect((await store.bytes(info)).toString()).toBe('Nr;X\n1;2\n');
    expect(await store.find(info.id, 7)).toEqual(info);
    expect(await store.find(info.id, 8)).toBeNull();
    expect(await store.find('../../etc/passwd', 7)).toBeNull();
    now += 3_600_000; // exactly an hour later: gone
    expect(await store.find(info.id, 7)).toBeNull();
    expect(await readdir(dir)).toEqual([]);
  });

  it('keeps nothing of a file cut at the size limit', async () => {
    const store = new UploadStore(dir, 3_600_000, () => now);
    await expect(
      store.save(Readable.from([Buffer.from('abc')]), { fileName: 'x.csv', layer: 'incidents', userId: 1 }, () => true),
    ).rejects.toBeInstanceOf(UploadTooLargeError);
    expect(await readdir(dir)).toEqual([]);
  });
});
