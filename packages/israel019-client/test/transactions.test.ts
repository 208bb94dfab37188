import { describe, expect, it } from 'vitest';
import { type DeliveryTransaction, deliveryTransactionsOf } from '../src/index.js';

const a: DeliveryTransaction = { external_id: 'a', status: 102, date: '24/08/23 17:05' };
const b: DeliveryTransaction = { external_id: 'b', status: '-1' };

describe('deliveryTransactionsOf', () => {
  it.each([
    ['an array', { transactions: [a, b] }, [a, b]],
    ['an object holding an array', { transactions: { transaction: [a, b] } }, [a, b]],
    ['an object holding one report', { transactions: { transaction: a } }, [a]],
    ['an empty object', { transactions: {} }, []],
    ['no transactions', {}, []],
    ['no answer', undefined, []],
    ['junk entries', { transactions: [a, null, 'x', [b]] as never }, [a]],
  ])('reads %s', (_shape, response, expected) => {
    expect(deliveryTransactionsOf(response)).toEqual(expected);
  });
});
