import type { CommandResponse, DeliveryTransaction } from './types.js';

function isReport(value: unknown): value is DeliveryTransaction {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The delivery reports of a `dlr` or `dlrbyDate` answer as one array, from
 * either JSON form of `<transactions><transaction>…</transaction></transactions>`:
 * an array, or an object whose `transaction` is one report or several.
 * Empty when the answer has none.
 */
export function deliveryTransactionsOf(
  response: Pick<CommandResponse, 'transactions'> | undefined,
): DeliveryTransaction[] {
  const transactions: unknown = response?.transactions;
  if (Array.isArray(transactions)) return transactions.filter(isReport);
  if (!isReport(transactions)) return [];
  const inner: unknown = (transactions as { transaction?: unknown }).transaction;
  if (Array.isArray(inner)) return inner.filter(isReport);
  return isReport(inner) ? [inner] : [];
}
