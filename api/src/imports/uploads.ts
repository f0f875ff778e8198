import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/*
 * Uploaded import files wait here between the preview (POST /api/imports/uploads) and the
 * import (POST /api/imports), an hour at most, for the user who sent them only. Each is a file
 * named by a random id with its details beside it in JSON; expired ones are swept whenever the
 * store is used. The id is checked to be a UUID before it touches a path.
 */

export const UPLOAD_TTL_MS = 3_600_000;

export interface UploadInfo {
  id: string;
  fileName: string;
  size: number;
  layer: string;
  userId: number;
  expiresAt: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The file was larger than the limit; nothing was kept. */
export class UploadTooLargeError extends Error {}

export class UploadStore {
  constructor(
    readonly dir: string,
    readonly ttlMs = UPLOAD_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  private dataPath(id: string) {
    return path.join(this.dir, `${id}.upload`);
  }
  private infoPath(id: string) {
    return path.join(this.dir, `${id}.json`);
  }

  /**
   * Keeps a file from a stream. `isTruncated` says, once the stream has ended, whether it was
   * cut at the size limit (multipart's `file.truncated`): then nothing is kept.
   */
  async save(
    stream: Readable,
    details: { fileName: string; layer: string; userId: number },
    isTruncated: () => boolean,
  ): Promise<UploadInfo> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await this.sweep();
    const id = randomUUID();
    const part = path.join(this.dir, `${id}.part`);
    try {
      await pipeline(stream, createWriteStream(part, { mode: 0o600 }));
      if (isTruncated()) throw new UploadTooLargeError();
      const { size } = await stat(part);
      const info: UploadInfo = {
        id,
        fileName: path.basename(details.fileName.replace(/\\/g, '/')) || 'upload',
        size,
        layer: details.layer,
        userId: details.userId,
        expiresAt: new Date(this.now() + this.ttlMs).toISOString(),
      };
      await writeFile(this.infoPath(id), JSON.stringify(info), { mode: 0o600 });
      await rename(part, this.dataPath(id));
      return info;
    } catch (error) {
      await rm(part, { force: true });
      await rm(this.infoPath(id), { force: true });
      throw error;
    }
  }

  /** The upload `id` of `userId`, or null when there is none (unknown, expired, or someone else's). */
  async find(id: string, userId: number): Promise<UploadInfo | null> {
    if (!UUID.test(id)) return null;
    let info: UploadInfo;
    try {
      info = JSON.parse(await readFile(this.infoPath(id), 'utf8')) as UploadInfo;
    } catch {
      return null;
    }
    if (Date.parse(info.expiresAt) <= this.now()) {
      await this.remove(id);
      return null;
    }
    return info.userId === userId ? info : null;
  }

  async bytes(info: UploadInfo): Promise<Buffer> {
    return readFile(this.dataPath(info.id));
  }

  async remove(id: string): Promise<void> {
    if (!UUID.test(id)) return;
    await rm(this.dataPath(id), { force: true });
    await rm(this.infoPath(id), { force: true });
  }

  /** Deletes expired uploads (and parts an interrupted upload left, once they are as old). */
  async sweep(): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return;
    }
    const cutoff = this.now() - this.ttlMs;
    for (const name of names) {
      const match = /^(.+)\.(upload|json|part)$/.exec(name);
      if (!match || !UUID.test(match[1]!)) continue;
      const file = path.join(this.dir, name);
      try {
        if ((await stat(file)).mtimeMs < cutoff) await rm(file, { force: true });
      } catch {
        // removed meanwhile
      }
    }
  }
}
