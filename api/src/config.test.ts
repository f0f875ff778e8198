import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('FOCUS_AREA_MAX_VERTICES', () => {
  it('is read once with the rest of the configuration, defaulting to 2000, refusing nonsense', () => {
    expect(loadConfig({}).focusAreaMaxVertices).toBe(2000);
    expect(loadConfig({ FOCUS_AREA_MAX_VERTICES: '500' }).focusAreaMaxVertices).toBe(500);
    expect(() => loadConfig({ FOCUS_AREA_MAX_VERTICES: 'many' })).toThrow(/FOCUS_AREA_MAX_VERTICES/);
    expect(() => loadConfig({ FOCUS_AREA_MAX_VERTICES: '2' })).toThrow(/FOCUS_AREA_MAX_VERTICES/);
  });
});

describe('PRIVACY_MIN_COUNT', () => {
  it('is k for the public view: 5 by default, any integer from 2, nonsense refused at start-up', () => {
    expect(loadConfig({}).privacyMinCount).toBe(5);
    expect(loadConfig({ PRIVACY_MIN_COUNT: '3' }).privacyMinCount).toBe(3);
    expect(loadConfig({ PRIVACY_MIN_COUNT: '10' }).privacyMinCount).toBe(10);
    // k = 1 would publish every single incident: no suppression at all.
    expect(() => loadConfig({ PRIVACY_MIN_COUNT: '1' })).toThrow(/PRIVACY_MIN_COUNT/);
    expect(() => loadConfig({ PRIVACY_MIN_COUNT: '0' })).toThrow(/PRIVACY_MIN_COUNT/);
    expect(() => loadConfig({ PRIVACY_MIN_COUNT: '4.5' })).toThrow(/PRIVACY_MIN_COUNT/);
    expect(() => loadConfig({ PRIVACY_MIN_COUNT: 'five' })).toThrow(/PRIVACY_MIN_COUNT/);
  });
});

describe('EMBED_ALLOWED_ORIGINS', () => {
  it('lists the sites that may frame /embed: none by default, separated by spaces or commas, duplicates once', () => {
    expect(loadConfig({}).embedAllowedOrigins).toEqual([]);
    expect(
      loadConfig({ EMBED_ALLOWED_ORIGINS: 'https://www.halle.be, http://localhost:8080  https://WWW.halle.be/' })
        .embedAllowedOrigins,
    ).toEqual(['https://www.halle.be', 'http://localhost:8080']);
  });

  it('refuses at start-up, naming the variable, anything that is not an http(s) origin', () => {
    for (const bad of [
      'www.halle.be',
      'https://www.halle.be/kaart',
      'ftp://www.halle.be',
      "https://www.halle.be;script-src 'unsafe-inline'",
      'https://*.halle.be',
      "'self'",
      'https://www.halle.be?x=1',
    ]) {
      expect(() => loadConfig({ EMBED_ALLOWED_ORIGINS: bad }), bad).toThrow(/^EMBED_ALLOWED_ORIGINS must list/);
    }
  });
});

describe('RATE_LIMIT_PER_MINUTE', () => {
  it('is 600 anonymous requests a minute by default, 0 turns it off, nonsense refused', () => {
    expect(loadConfig({}).rateLimitPerMinute).toBe(600);
    expect(loadConfig({ RATE_LIMIT_PER_MINUTE: '0' }).rateLimitPerMinute).toBe(0);
    expect(loadConfig({ RATE_LIMIT_PER_MINUTE: '120' }).rateLimitPerMinute).toBe(120);
    expect(() => loadConfig({ RATE_LIMIT_PER_MINUTE: '-1' })).toThrow(/RATE_LIMIT_PER_MINUTE/);
    expect(() => loadConfig({ RATE_LIMIT_PER_MINUTE: 'lots' })).toThrow(/RATE_LIMIT_PER_MINUTE/);
  });
});

describe('SIGNAL_RETENTION_MONTHS', () => {
  it('keeps closed signals’ free text 24 months by default, 1 to 1200 months allowed, nonsense refused', () => {
    expect(loadConfig({}).signalRetentionMonths).toBe(24);
    expect(loadConfig({ SIGNAL_RETENTION_MONTHS: '1' }).signalRetentionMonths).toBe(1);
    expect(loadConfig({ SIGNAL_RETENTION_MONTHS: '1200' }).signalRetentionMonths).toBe(1200);
    for (const bad of ['0', '1201', '-24', '12.5', 'two years']) {
      expect(() => loadConfig({ SIGNAL_RETENTION_MONTHS: bad }), bad).toThrow(
        /^SIGNAL_RETENTION_MONTHS must be an integer from 1 to 1200, got/,
      );
    }
  });
});
