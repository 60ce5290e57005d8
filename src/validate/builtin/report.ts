// How the built-in validation rules report what they find: a problem type, the field's JSON path, a message.
import type { MessageType } from '../findings';

/** Receives one problem of a checked object. */
export type Report = (type: MessageType, field: string, message: string) => void;
