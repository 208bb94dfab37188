import type { components } from './generated/types.js';

type Schemas = components['schemas'];

/** One command document; its root element (`sms`, `dlr`, `dlrbyDate`, `balance`) names the command. */
export type CommandRequest = Schemas['CommandRequest'];
/** The `sms` command: send one message to one or more local numbers. */
export type SmsCommand = Schemas['SmsCommand'];
/** The `dlr` command: delivery reports by the external ids given when sending. */
export type DlrCommand = Schemas['DlrCommand'];
/** Every command's answer: `status` 0 or an error code, plus the command's own fields. */
export type CommandResponse = Schemas['CommandResponse'];
/** One destination's delivery report from `dlr` or `dlrbyDate`. */
export type DeliveryTransaction = Schemas['DeliveryTransaction'];
/** The root element names of the commands the spec describes. */
export type CommandName = 'sms' | 'dlr' | 'dlrbyDate' | 'balance';
