import { describe, expect, it } from 'vitest';
import { createRouter } from '../src/router/create-router.js';
import { cheapestOrder, priceFor, weightedOrder } from '../src/router/select.js';
import {
  callCounts,
  IL,
  memoryAdapters,
  recordingSink,
  sequence,
  UK,
  US,
} from './support/router-fixtures.js';

describe('priority (the default)', () => {
  it('sends through the first adapter and says so in RouteSelected', async () => {
    const { adapters, controls } = memoryAdapters('twilio', 'israel019', 'acs');
    const events = recordingSink();
    const router = createRouter(adapters, { events });
    const result = await router.send(US);
    expect(result.provider).toBe('twilio');
    expect(callCounts(controls)).toEqual({ twilio: 1, israel019: 0, acs: 0 });
    expect(events.events).toEqual([
      {
        type: 'RouteSelected',
        data: { strategy: 'priority', candidates: ['twilio', 'israel019', 'acs'] },
      },
    ]);
  });
});

describe('rules', () => {
  const rules = [
    { name: 'israel', countryPrefix: '+972', providers: ['israel019', 'twilio'] },
    { name: 'acme-eu', tenant: 'acme', countryPrefix: ['+44', '+33'], providers: ['acs'] },
    { tenant: ['acme', 'globex'], providers: ['acs', 'twilio'] },
  ];

  it('route by destination prefix', async () => {
    const { adapters } = memoryAdapters('twilio', 'israel019', 'acs');
    const events = recordingSink();
    const router = createRouter(adapters, { rules, events });
    expect((await router.send(IL)).provider).toBe('israel019');
    expect(events.events[0]).toEqual({
      type: 'RouteSelected',
      data: {
        rule: 'israel',
        matchedPrefix: '+972',
        strategy: 'priority',
        candidates: ['israel019', 'twilio'],
      },
    });
    expect((await router.send(US)).provider).toBe('twilio'); // no rule: every adapter, in order
  });

  it('route by tenant, and need every stated condition', async () => {
    const { adapters } = memoryAdapters('twilio', 'israel019', 'acs');
    const events = recordingSink();
    const router = createRouter(adapters, { rules, events });
    expect((await router.send(UK, { tenant: 'acme' })).provider).toBe('acs');
    expect(events.events.at(-1)?.data).toMatchObject({
      rule: 'acme-eu',
      tenant: 'acme',
      matchedPrefix: '+44',
    });
    expect((await router.send(UK, { tenant: 'globex' })).provider).toBe('acs');
    expect(events.events.at(-1)?.data).toMatchObject({
      rule: 'rules[2]',
      candidates: ['acs', 'twilio'],
    });
    expect((await router.send(UK, { tenant: 'initech' })).provider).toBe('twilio');
    expect((await router.send(UK)).provider).toBe('twilio');
  });

  it('first matching rule wins', async () => {
    const { adapters } = memoryAdapters('twilio', 'israel019', 'acs');
    const router = createRouter(adapters, { rules });
    // +972 and tenant acme: the israel rule comes first.
    expect((await router.send(IL, { tenant: 'acme' })).provider).toBe('israel019');
  });
});

describe('weights', () => {
  it('draws a weighted order from the injected random: 3:1 leads below 0.75, trails from 0.75', () => {
    expect(weightedOrder(['a', 'b'], { a: 3, b: 1 }, sequence(0.7499, 0))).toEqual(['a', 'b']);
    expect(weightedOrder(['a', 'b'], { a: 3, b: 1 }, sequence(0.75, 0))).toEqual(['b', 'a']);
    // Three-way: 0.5 * 6 = 3 falls in b's band [2, 5); then a:c = 2:1, 0.9 * 3 = 2.7 picks c.
    expect(weightedOrder(['a', 'b', 'c'], { a: 2, b: 3, c: 1 }, sequence(0.5, 0.9, 0))).toEqual([
      'b',
      'c',
      'a',
    ]);
  });

  it('keeps zero-weight providers as fallbacks only, in their order; missing weights count 1', () => {
    expect(weightedOrder(['a', 'b', 'c'], { a: 0, c: 0 }, sequence(0.99))).toEqual(['b', 'a', 'c']);
    expect(weightedOrder(['a', 'b'], undefined, sequence(0.6, 0))).toEqual(['b', 'a']);
  });

  it('splits traffic by weight through the router, deterministically', async () => {
    const { adapters, controls } = memoryAdapters('twilio', 'acs');
    let seed = 42;
    // A fixed LCG (Numerical Recipes constants): the same sequence on every run.
    const random = () => {
      seed = (seed * 1664525 + 1013904223) % 2 ** 32;
      return seed / 2 ** 32;
    };
    const router = createRouter(adapters, {
      strategy: 'weighted',
      weights: { twilio: 3, acs: 1 },
      random,
    });
    for (let i = 0; i < 400; i++) await router.send(US);
    const { twilio, acs } = callCounts(controls);
    expect(twilio! + acs!).toBe(400);
    expect(twilio).toBeGreaterThan(270); // 300 expected
    expect(twilio).toBeLessThan(330);
  });

  it('takes a rule weights over the policy weights', async () => {
    const { adapters } = memoryAdapters('twilio', 'acs');
    const router = createRouter(adapters, {
      strategy: 'weighted',
      weights: { twilio: 1, acs: 0 },
      rules: [{ countryPrefix: '+44', weights: { twilio: 0, acs: 1 } }],
      random: () => 0.5,
    });
    expect((await router.send(US)).provider).toBe('twilio');
    expect((await router.send(UK)).provider).toBe('acs');
  });
});

describe('cost', () => {
  const prices = {
    twilio: { '+1': 0.0079, '+972': 0.092, '*': 0.07 },
    israel019: { '+972': 0.025 },
    acs: { '+1': 0.0075, '+44': 0.04 },
  };

  it('prices by the longest matching prefix, then *', () => {
    expect(priceFor({ '+4': 0.1, '+44': 0.05, '*': 1 }, '+447700900123')).toBe(0.05);
    expect(priceFor({ '+4': 0.1, '*': 1 }, '+33612345678')).toBe(1);
    expect(priceFor({ '+4': 0.1 }, '+33612345678')).toBeUndefined();
    expect(priceFor(undefined, '+1')).toBeUndefined();
  });

  it('orders cheapest first, unpriced last, ties in the given order', () => {
    expect(cheapestOrder(['twilio', 'israel019', 'acs'], prices, IL.to)).toEqual([
      'israel019',
      'twilio',
      'acs',
    ]);
    expect(cheapestOrder(['twilio', 'israel019', 'acs'], prices, US.to)).toEqual([
      'acs',
      'twilio',
      'israel019',
    ]);
    expect(cheapestOrder(['twilio', 'israel019', 'acs'], prices, UK.to)).toEqual([
      'acs',
      'twilio',
      'israel019',
    ]);
    expect(cheapestOrder(['a', 'b'], { a: { '*': 1 }, b: { '*': 1 } }, US.to)).toEqual(['a', 'b']);
  });

  it('sends through the cheapest provider for the destination', async () => {
    const { adapters } = memoryAdapters('twilio', 'israel019', 'acs');
    const events = recordingSink();
    const router = createRouter(adapters, { strategy: 'cheapest', prices, events });
    expect((await router.send(IL)).provider).toBe('israel019');
    expect((await router.send(US)).provider).toBe('acs');
    expect(events.events.map((event) => event.data.candidates)).toEqual([
      ['israel019', 'twilio', 'acs'],
      ['acs', 'twilio', 'israel019'],
    ]);
  });
});
