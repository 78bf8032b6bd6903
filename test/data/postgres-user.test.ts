// A URL without a user, and no PGUSER: the console connects as the OS user, as psql does, even
// where $USER is unset (sudo -E, cron, a tmux server started without it). Against the shared
// server (trust auth), whose roles include the OS user this runs as.
import { userInfo } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clientConfig, connectClient } from '../../src/data/postgres/connection.js';

const saved = { USER: process.env.USER, PGUSER: process.env.PGUSER };

beforeEach(() => {
  delete process.env.USER;
  delete process.env.PGUSER;
});
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe('postgres: the user when the URL names none', () => {
  it('is the OS user without $USER and PGUSER; the URL and PGUSER win over it', async () => {
    expect((await clientConfig({ url: 'postgres://127.0.0.1:5432/postgres' })).user).toBe(
      userInfo().username,
    );
    expect((await clientConfig({ url: 'postgres://alice@127.0.0.1:5432/postgres' })).user).toBe('alice');
    process.env.PGUSER = 'bob';
    expect((await clientConfig({ url: 'postgres://127.0.0.1:5432/postgres' })).user).toBeFalsy(); // pg reads PGUSER
  });

  it('connects without $USER', async () => {
    const c = await connectClient({ url: 'postgres://127.0.0.1:5432/postgres' });
    try {
      const r = await c.query('select current_user as u');
      expect(r.rows[0].u).toBe(userInfo().username);
    } finally {
      await c.end();
    }
  });
});
