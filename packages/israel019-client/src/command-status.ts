import { CoreError, type ErrorCode, InvalidResponseError } from '@org/core/errors';
import type { CommandName, CommandResponse } from './types.js';

/** What one body-level command status means, as a core error. */
export interface Israel019CommandStatus {
  /** The core code the status is raised under. */
  readonly code: Extract<ErrorCode, 'auth-failed' | 'invalid-request' | 'api-error'>;
  /** Whether the same command may succeed later unchanged. */
  readonly retryable: boolean;
  /** The vendor's meaning, shortened; never the vendor's own message text. */
  readonly description: string;
  /** False for codes only a third-party transcription of the vendor's table lists. */
  readonly verified: boolean;
}

function row(
  code: Israel019CommandStatus['code'],
  description: string,
  options: { retryable?: boolean; verified?: boolean } = {},
): Israel019CommandStatus {
  return {
    code,
    description,
    retryable: options.retryable ?? false,
    verified: options.verified ?? true,
  };
}

/**
 * The request statuses of https://docs.019sms.co.il/sms/errors-and-status.html
 * ("Error codes"), as checked against the same table of the platform's white
 * label (docs.textme.co.il), which stops after 933. 989-999 come from a
 * third-party transcription of 019's page and are marked unverified.
 * Delivery statuses (the `status` of a report) are another scale; see
 * ISRAEL019_SMS_MAPPING in `@org/capabilities/sms`.
 */
export const ISRAEL019_COMMAND_STATUSES: Readonly<Record<number, Israel019CommandStatus>> =
  Object.freeze({
    1: row('invalid-request', 'the request document could not be parsed'),
    2: row('invalid-request', 'a required field is missing'),
    3: row('auth-failed', 'the username or password is wrong and the API token is invalid'),
    4: row('api-error', 'not enough credit'),
    5: row('api-error', 'no permission to send SMS at this time'),
    // A failure on 019's side: the same command may go through later.
    6: row('api-error', 'process failure', { retryable: true }),
    7: row('invalid-request', 'this format must be sent as bulk'),
    8: row('api-error', 'all numbers are on a blocked list'),
    9: row('invalid-request', 'a destination is too short or too long'),
    10: row('auth-failed', 'the API token has expired'),
    11: row(
      'auth-failed',
      'the API token does not match the username, or a newer token replaced it',
    ),
    12: row('api-error', 'not enough money (or, for OTP, an unverified code)'),
    502: row('invalid-request', 'the action type is not valid'),
    503: row('auth-failed', 'the username does not exist in this account'),
    504: row('auth-failed', 'the current token was not found'),
    510: row('invalid-request', 'a verify_phone request without phones'),
    511: row('api-error', 'no permission for this function'),
    515: row('api-error', 'the source (sender) is not verified'),
    714: row('invalid-request', 'invalid content in temp_bl'),
    715: row('api-error', 'all numbers are temporarily blocked'),
    989: row('invalid-request', 'the message is too long or too short', { verified: false }),
    992: row('invalid-request', 'the source is too long or too short', { verified: false }),
    997: row('invalid-request', 'invalid command', { verified: false }),
    998: row('api-error', 'unknown error in the request', { verified: false }),
    999: row('api-error', 'unknown error; contact 019 support', { verified: false }),
  });

const ADVICE: Readonly<Record<Israel019CommandStatus['code'], string>> = {
  'auth-failed':
    'check the API token and the username in the body (tokens expire, and a newer token can replace an older one)',
  'invalid-request': 'fix the request before sending it again',
  'api-error':
    'see the status in the 019 error table; sending the same command again will not help unless the error is retryable',
};

const UNKNOWN = row('api-error', 'a status the 019 error table does not list');

/**
 * A command 019 answered with a non-zero body `status` (over HTTP 200). A
 * CoreError whose `code` follows the status: `auth-failed` (3, 10, 11, 503,
 * 504), `invalid-request` (1, 2, 7, 9, …) or `api-error` (4 not enough credit,
 * 8 blocked numbers, …). `commandStatus` is 019's code. The message names
 * the command and the code, never 019's message text or the body.
 */
export class Israel019CommandError extends CoreError {
  /** The root element of the refused command, e.g. `sms`. */
  readonly command: string;
  /** 019's body-level status, e.g. 4. */
  readonly commandStatus: number;

  constructor(command: string, commandStatus: number) {
    const meaning = ISRAEL019_COMMAND_STATUSES[commandStatus] ?? UNKNOWN;
    super(
      meaning.code,
      `019 refused the \`${command}\` command with status ${commandStatus} (${meaning.description}); ${ADVICE[meaning.code]}.`,
      { retryable: meaning.retryable, details: { command, commandStatus } },
    );
    this.name = 'Israel019CommandError';
    this.command = command;
    this.commandStatus = commandStatus;
  }
}

/** `status` as an integer, whether 019 wrote it as a number or as a numeric string. */
function statusOf(body: unknown): number | undefined {
  const status = (body as { status?: unknown } | null | undefined)?.status;
  if (typeof status === 'number' && Number.isInteger(status)) return status;
  if (typeof status === 'string' && /^-?\d+$/.test(status.trim())) return Number(status);
  return undefined;
}

/**
 * Checks a command's answer: 019 answers HTTP 200 to failures too, so the
 * body-level `status` decides (https://docs.textme.co.il/guide/errors:
 * "never branch on the HTTP status alone"). Returns when it is 0; throws an
 * Israel019CommandError for any other status, and an InvalidResponseError
 * when the body has no numeric status at all.
 */
export function checkCommandStatus(
  command: CommandName | (string & {}),
  body: unknown,
): asserts body is CommandResponse {
  const status = statusOf(body);
  if (status === undefined) {
    throw new InvalidResponseError(
      `019 answered the \`${command}\` command without a numeric status; the command may have run. Check the account's reports before sending it again.`,
      { details: { command } },
    );
  }
  if (status !== 0) throw new Israel019CommandError(command, status);
}
