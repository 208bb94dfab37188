export { findLink, parseLinkHeader, type WebLink } from './link-header.js';
export { paginate } from './paginate.js';
export type {
  ContinuationTokenStyle,
  CursorStyle,
  DataOf,
  Get,
  ItemOf,
  LinkStyle,
  NextUrlStyle,
  OffsetStyle,
  Page,
  PageInit,
  PageNumberStyle,
  PageResult,
  PaginateOptions,
  PaginationStyle,
  Paginator,
} from './types.js';
