/**
 * `format` checks, loose on purpose: vendors stretch formats (Twilio's
 * `next_page_uri` is a relative reference under `format: uri`; its dates are
 * RFC 2822 under its own `date-time-rfc-2822`). Only what a client could get
 * plainly wrong is checked; unknown formats pass, as JSON Schema allows.
 */
export function formatProblem(format: unknown, value: string): string | undefined {
  switch (format) {
    case 'date-time':
      // RFC 3339 §5.6, lenient on fractional seconds and a missing offset.
      return /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$/.test(
        value,
      ) && !Number.isNaN(Date.parse(value))
        ? undefined
        : 'is not an RFC 3339 date-time';
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(value) ? undefined : 'is not an RFC 3339 full-date';
    case 'uri':
    case 'uri-reference':
      // An absolute URI (RFC 3986 §4.3) or a reference starting at a path.
      return /^([A-Za-z][A-Za-z0-9+.-]*:|\/)\S*$/.test(value) ? undefined : 'is not a URI';
    default:
      return undefined;
  }
}
