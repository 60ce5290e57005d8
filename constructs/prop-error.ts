/**
 * A construct prop that cannot be used: the message says what is wrong, the value received and what is allowed.
 * The synth command prints it as one line, without a stack trace.
 */
export class PropError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PropError';
  }
}
